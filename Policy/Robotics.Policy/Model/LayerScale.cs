using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>DINOv2's per-channel LayerScale (OpenVLA stores it as <c>scale_factor</c>).</summary>
internal sealed class LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter scale_factor;

    public LayerScale(int width) : base("ls")
    {
        scale_factor = new Parameter(full(width, 1e-5f));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * scale_factor;
}
