using TorchSharp;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Llama's MLP: down(silu(gate(x)) * up(x)).</summary>
internal sealed class SwiGluMlp : nn.Module<Tensor, Tensor>
{
    private readonly LoraLinear gate_proj;
    private readonly LoraLinear up_proj;
    private readonly LoraLinear down_proj;

    public SwiGluMlp(VlaConfig config) : base("mlp")
    {
        gate_proj = new LoraLinear(config.Width, config.MlpHidden, hasBias: false);
        up_proj = new LoraLinear(config.Width, config.MlpHidden, hasBias: false);
        down_proj = new LoraLinear(config.MlpHidden, config.Width, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        down_proj.forward(nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x));   // (B, T, C)
}
