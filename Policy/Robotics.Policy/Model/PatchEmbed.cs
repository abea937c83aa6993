using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Non-overlapping patches by a strided conv: (B, 3, H, W) -> (B, N, W).</summary>
internal sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    public PatchEmbed(VitConfig config) : base("patch_embed")
    {
        proj = nn.Conv2d(3, config.Width, config.PatchSize, stride: config.PatchSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images) => proj.forward(images).flatten(2).transpose(1, 2);   // (B, N, W)
}
