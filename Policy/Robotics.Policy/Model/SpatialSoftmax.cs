using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Expected image coordinates of each feature map's softmax (Levine et al. 2016): (B, K, H, W) -> (B, 2K) keypoints in [-1, 1].</summary>
internal static class SpatialSoftmax
{
    public static Tensor Keypoints(Tensor features)
    {
        var (b, k, h, w) = (features.shape[0], features.shape[1], features.shape[2], features.shape[3]);
        var attention = nn.functional.softmax(features.reshape(b, k, h * w), -1).reshape(b, k, h, w);   // (B, K, H, W)
        var ys = linspace(-1, 1, h, dtype: features.dtype, device: features.device);                   // (H)
        var xs = linspace(-1, 1, w, dtype: features.dtype, device: features.device);                   // (W)
        var x = (attention.sum(2) * xs).sum(-1);                                                       // (B, K)
        var y = (attention.sum(3) * ys).sum(-1);                                                       // (B, K)
        return cat([x, y], -1);                                                                        // (B, 2K)
    }
}
