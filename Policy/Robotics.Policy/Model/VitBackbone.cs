using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// OpenVLA's vision_backbone: <c>featurizer</c> (DINOv2) and, when fused, <c>fused_featurizer</c> (SigLIP), each seeing its
/// own normalisation of the image (channels 0-2 and 3-5); features concatenated per patch: (B, 3 or 6, H, W) -> (B, N, F).
/// </summary>
internal sealed class VitBackbone : nn.Module<Tensor, Tensor>
{
    private readonly PatchVitEncoder featurizer;
    private readonly PatchVitEncoder? fused_featurizer;

    public VitBackbone(VlaConfig config) : base("vision_backbone")
    {
        featurizer = new PatchVitEncoder(config.Vit!, config.ImageSize, "featurizer");
        if (config.Vision == VisionKind.FusedDinoSiglip) fused_featurizer = new PatchVitEncoder(config.FusedVit!, config.ImageSize, "fused_featurizer");
        FeatureDim = config.Vit!.Width + (fused_featurizer is null ? 0 : config.FusedVit!.Width);
        RegisterComponents();
    }

    public int FeatureDim { get; }

    public override Tensor forward(Tensor images)
    {
        if (fused_featurizer is null) return featurizer.forward(images);                // (B, N, F)
        var first = featurizer.forward(images.narrow(1, 0, 3));                        // (B, N, F1)
        var second = fused_featurizer.forward(images.narrow(1, 3, 3));                 // (B, N, F2)
        return cat([first, second], -1);                                               // (B, N, F1 + F2)
    }
}
