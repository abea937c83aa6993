using TorchSharp;
using TorchSharp.Modules;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>fc1, GELU (tanh-approximated for SigLIP), fc2.</summary>
internal sealed class VitMlp : nn.Module<Tensor, Tensor>
{
    private readonly LoraLinear fc1;
    private readonly LoraLinear fc2;
    private readonly bool _tanh;

    public VitMlp(VitConfig config) : base("mlp")
    {
        fc1 = new LoraLinear(config.Width, config.MlpHidden);
        fc2 = new LoraLinear(config.MlpHidden, config.Width);
        _tanh = config.TanhGelu;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = fc1.forward(x);
        h = _tanh ? nn.functional.gelu(h, TorchSharp.Modules.GELU.Approximate.tanh) : nn.functional.gelu(h);
        return fc2.forward(h);
    }
}
