using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// uint8 (B, H, W, 3) -> float (B, C, H, W). Conv and single-ViT configs: SigLIP's normalisation (mean = std = 0.5, so [-1, 1]).
/// The fused config stacks DINOv2's (ImageNet mean/std) and SigLIP's on channels, as OpenVLA does (6 channels).
/// Images must already be the config's size: resizing is the caller's choice (OpenVLA: bicubic to 224).
/// </summary>
internal static class ImagePreprocessor
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];
    // Held in fields so they stay alive through the native calls (see VlaModel.EmbedPrefix).
    private static readonly Scalar ByteRange = 255f.ToScalar(), Two = 2f.ToScalar(), One = 1f.ToScalar();

    public static Tensor ToTensor(byte[] images, int batch, int height, int width, VisionKind kind, Device device)
    {
        using var scope = NewDisposeScope();
        var x = tensor(images, [batch, height, width, 3]).to(device).permute(0, 3, 1, 2).to_type(ScalarType.Float32) / ByteRange;   // (B, 3, H, W)
        var siglip = x * Two - One;
        if (kind != VisionKind.FusedDinoSiglip) return siglip.contiguous().MoveToOuterDisposeScope();
        var mean = tensor(ImageNetMean, device: device).view(1, 3, 1, 1);
        var std = tensor(ImageNetStd, device: device).view(1, 3, 1, 1);
        return cat([(x - mean) / std, siglip], 1).MoveToOuterDisposeScope();                                                  // (B, 6, H, W)
    }
}
