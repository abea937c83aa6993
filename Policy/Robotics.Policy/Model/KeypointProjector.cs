using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Keypoints and proprio -> a few prefix tokens: (B, 1, 2K) + (B, P) -> MLP -> (B, V, D).</summary>
public sealed class KeypointProjector : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LoraLinear fc1;
    private readonly LoraLinear fc2;
    private readonly int _tokens;
    private readonly int _width;

    public KeypointProjector(VlaConfig config) : base("projector")
    {
        _tokens = config.VisionTokens;
        _width = config.Width;
        fc1 = new LoraLinear(2 * config.Keypoints + config.ProprioDim, config.ProjectorHidden);
        fc2 = new LoraLinear(config.ProjectorHidden, (long)config.VisionTokens * config.Width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor features, Tensor proprio)
    {
        var input = cat([features.squeeze(1), proprio], -1);                      // (B, 2K + P)
        var hidden = nn.functional.gelu(fc1.forward(input));                     // (B, hidden)
        return fc2.forward(hidden).view(input.shape[0], _tokens, _width);         // (B, V, D)
    }
}
