namespace Robotics.Policy.Model;

/// <summary>
/// A patch ViT as timm builds it. <see cref="Layers"/> counts the blocks the model runs: OpenVLA reads the second-to-last
/// block's output, so its DINOv2 (24 stored blocks) runs 23 and its SigLIP (27) runs 26.
/// </summary>
public sealed record VitConfig(int Width, int Layers, int Heads, int MlpHidden, int PatchSize,
    bool ClassToken, int RegisterTokens, bool LayerScale, bool TanhGelu)
{
    public static VitConfig Dinov2Large => new(1024, 23, 16, 4096, 14, ClassToken: true, RegisterTokens: 4, LayerScale: true, TanhGelu: false);
    public static VitConfig SiglipSo400m => new(1152, 26, 16, 4304, 14, ClassToken: false, RegisterTokens: 0, LayerScale: false, TanhGelu: true);

    public IEnumerable<string> Problems(string name, int imageSize)
    {
        if (Width <= 0 || Layers <= 0 || Heads <= 0 || MlpHidden <= 0 || PatchSize <= 0) yield return $"{name}: width, layers, heads, mlp and patch size must be positive";
        else
        {
            if (Width % Heads != 0) yield return $"{name}: width {Width} is not divisible by {Heads} heads";
            if (imageSize % PatchSize != 0) yield return $"{name}: image size {imageSize} is not a multiple of patch size {PatchSize}";
        }
        if (RegisterTokens < 0) yield return $"{name}: register tokens cannot be negative";
    }
}
