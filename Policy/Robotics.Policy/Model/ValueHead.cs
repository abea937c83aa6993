using TorchSharp;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>RL4VLA's critic: an MLP on the first action token's hidden state, (B, D) -> (B).</summary>
public sealed class ValueHead : nn.Module<Tensor, Tensor>
{
    private readonly LoraLinear fc1;
    private readonly LoraLinear fc2;
    private readonly LoraLinear fc3;

    public ValueHead(int inputDim, int hiddenDim = 256) : base("value_head")
    {
        fc1 = new LoraLinear(inputDim, hiddenDim);
        fc2 = new LoraLinear(hiddenDim, hiddenDim);
        fc3 = new LoraLinear(hiddenDim, 1);
        using (no_grad()) { fc3.Weight.mul_(0.01); fc3.Bias!.zero_(); }   // start near V = 0 so early advantages are the returns
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        var x = nn.functional.gelu(fc1.forward(hidden.to_type(ScalarType.Float32)));   // (B, H)
        x = nn.functional.gelu(fc2.forward(x));                                         // (B, H)
        return fc3.forward(x).squeeze(-1);                                              // (B)
    }
}
