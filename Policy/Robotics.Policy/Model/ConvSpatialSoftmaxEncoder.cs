using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// The CPU vision encoder the behaviour-cloning probe found learnable in minutes (DESIGN.md): conv layers (the first two
/// stride 2, so a 64x64 image gives 16x16 maps), the last one making one map per keypoint, then spatial softmax.
/// (B, 3, H, W) -> (B, 1, 2K).
/// </summary>
internal sealed class ConvSpatialSoftmaxEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> convs = new();

    public ConvSpatialSoftmaxEncoder(VlaConfig config) : base("vision_backbone")
    {
        for (var i = 0; i < config.ConvLayers; i++)
        {
            var input = i == 0 ? 3 : config.ConvChannels;
            var output = i == config.ConvLayers - 1 ? config.Keypoints : config.ConvChannels;
            var stride = i < 2 ? 2 : 1;
            var kernel = i == 0 ? 5 : 3;
            convs.Add(nn.Conv2d(input, output, kernel, stride: stride, padding: kernel / 2));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        var x = images;
        for (var i = 0; i < convs.Count; i++)
        {
            x = convs[i].forward(x);                                  // (B, C, H', W')
            if (i < convs.Count - 1) x = nn.functional.relu(x);
        }
        return SpatialSoftmax.Keypoints(x).unsqueeze(1);              // (B, 1, 2K)
    }
}
