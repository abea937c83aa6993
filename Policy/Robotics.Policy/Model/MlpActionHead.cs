using TorchSharp;
using Robotics.Policy.Actions;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// <see cref="ActionHeadKind.Mlp"/>: vision tokens (B, V, D) -> two GELU layers of width D -> logits (B, 7, 256) for every
/// action token in parallel (the behaviour-cloning probe's "MLP -> 256-way heads"). The last hidden layer (B, D) stands in
/// for the decoder's first-action hidden state where PPO's value head reads it.
/// </summary>
internal sealed class MlpActionHead : nn.Module
{
    private readonly LoraLinear fc1;
    private readonly LoraLinear fc2;
    private readonly LoraLinear logits;

    public MlpActionHead(VlaConfig config) : base("action_head")
    {
        fc1 = new LoraLinear((long)config.VisionTokens * config.Width, config.Width);
        fc2 = new LoraLinear(config.Width, config.Width);
        logits = new LoraLinear(config.Width, (long)ActionTokenizer.ActionDim * ActionTokenizer.Bins);
        RegisterComponents();
    }

    /// <summary>Vision tokens (B, V, D) -> (logits (B, 7, 256), hidden (B, D)).</summary>
    public (Tensor Logits, Tensor Hidden) Forward(Tensor vision)
    {
        var b = vision.shape[0];
        var hidden = nn.functional.gelu(fc2.forward(nn.functional.gelu(fc1.forward(vision.flatten(1)))));   // (B, D)
        return (logits.forward(hidden).view(b, ActionTokenizer.ActionDim, ActionTokenizer.Bins), hidden);
    }
}
