using TorchSharp;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// OpenVLA's fused projector, per patch: fc1 (F -> hidden), GELU, fc2 (-> D), GELU, fc3 (D -> D). Proprio, when the config has
/// it (OpenVLA does not), becomes one extra token through <c>proprio_proj</c>. (B, N, F) + (B, P) -> (B, N [+1], D).
/// </summary>
internal sealed class PatchProjector : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LoraLinear fc1;
    private readonly LoraLinear fc2;
    private readonly LoraLinear fc3;
    private readonly LoraLinear? proprio_proj;

    public PatchProjector(VlaConfig config, int featureDim) : base("projector")
    {
        fc1 = new LoraLinear(featureDim, config.ProjectorHidden);
        fc2 = new LoraLinear(config.ProjectorHidden, config.Width);
        fc3 = new LoraLinear(config.Width, config.Width);
        if (config.ProprioDim > 0) proprio_proj = new LoraLinear(config.ProprioDim, config.Width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor features, Tensor proprio)
    {
        var x = nn.functional.gelu(fc1.forward(features));   // (B, N, hidden)
        x = nn.functional.gelu(fc2.forward(x));              // (B, N, D)
        x = fc3.forward(x);                                  // (B, N, D)
        return proprio_proj is null ? x : cat([x, proprio_proj.forward(proprio).unsqueeze(1)], 1);   // (B, N + 1, D)
    }
}
