using TorchSharp;
using TorchSharp.Modules;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// Keypoints and proprio -> a few prefix tokens, (B, 1, 2K) + (B, P) -> (B, V, D). Two layouts:
/// mixed (one MLP over all keypoints makes all V tokens) or grouped (<see cref="VlaConfig.GroupKeypoints"/>: token v is a shared
/// MLP of its own K/V keypoints plus proprio, plus a learned token embedding), which lets attention pick a keypoint group by
/// content, e.g. the object an instruction names.
/// </summary>
internal sealed class KeypointProjector : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LoraLinear fc1;
    private readonly LoraLinear fc2;
    private readonly Parameter? token_embed;
    private readonly int _tokens;
    private readonly int _width;
    private readonly int _keypoints;

    public KeypointProjector(VlaConfig config) : base("projector")
    {
        _tokens = config.VisionTokens;
        _width = config.Width;
        _keypoints = config.Keypoints;
        if (config.GroupKeypoints)
        {
            fc1 = new LoraLinear(2 * config.Keypoints / config.VisionTokens + ConditioningDim(config), config.ProjectorHidden);
            fc2 = new LoraLinear(config.ProjectorHidden, config.Width);
            token_embed = new Parameter(randn(config.VisionTokens, config.Width) * 0.02);
        }
        else
        {
            fc1 = new LoraLinear(2 * config.Keypoints + ConditioningDim(config), config.ProjectorHidden);
            fc2 = new LoraLinear(config.ProjectorHidden, (long)config.VisionTokens * config.Width);
        }
        RegisterComponents();
    }

    /// <summary>Width of the second input: proprio, plus the pooled prompt embedding when the config asks for it.</summary>
    public static int ConditioningDim(VlaConfig config) => config.ProprioDim + (config.ProjectorSeesInstruction ? config.Width : 0);

    /// <param name="features">(B, 1, 2K) keypoints.</param>
    /// <param name="proprio">(B, P) proprio, or (B, P + D) with the pooled prompt appended.</param>
    public override Tensor forward(Tensor features, Tensor proprio)
    {
        var b = features.shape[0];
        var keypoints = features.squeeze(1);                                                        // (B, 2K): x's then y's
        if (token_embed is null)
        {
            var hidden = nn.functional.gelu(fc1.forward(cat([keypoints, proprio], -1)));            // (B, hidden)
            return fc2.forward(hidden).view(b, _tokens, _width);                                    // (B, V, D)
        }
        var xy = keypoints.view(b, 2, _keypoints).transpose(1, 2).reshape(b, _tokens, -1);         // (B, V, 2K/V)
        var input = cat([xy, proprio.unsqueeze(1).expand(b, _tokens, -1)], -1);                    // (B, V, 2K/V + P)
        return fc2.forward(nn.functional.gelu(fc1.forward(input))).Plus(token_embed);                   // (B, V, D)
    }
}
