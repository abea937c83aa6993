using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Training;

/// <summary>The clipped surrogate shared by GRPO and PPO, at token level over the 7 action tokens.</summary>
public static class PolicyGradientLoss
{
    /// <summary>Log-probabilities (B, 7) of <paramref name="bins"/> under logits (B, 7, 256) at a sampling temperature.</summary>
    public static Tensor LogProbs(Tensor logits, Tensor bins, float temperature)
    {
        using var t = temperature.ToScalar();   // alive through the native division (see VlaModel.EmbedPrefix)
        var logp = nn.functional.log_softmax(logits / t, -1);                    // (B, 7, 256)
        return logp.gather(-1, bins.unsqueeze(-1)).squeeze(-1);                 // (B, 7)
    }

    /// <summary>
    /// -min(rho A, clip(rho, 1-eps, 1+eps) A) per token, averaged over tokens and steps (Schulman et al. 2017, eq. 7).
    /// At rho = 1 its gradient is -A grad log pi: REINFORCE with the advantage as the weight.
    /// Returns the loss and the fraction of clipped tokens.
    /// </summary>
    public static (Tensor Loss, Tensor ClipFraction) Clipped(Tensor newLogProbs, Tensor oldLogProbs, Tensor advantages, double clipCoef)
    {
        var ratio = (newLogProbs - oldLogProbs).exp();                          // (B, 7)
        var a = advantages.unsqueeze(-1);                                        // (B, 1)
        var unclipped = ratio * a;
        var clipped = ratio.clamp(1 - clipCoef, 1 + clipCoef) * a;
        var loss = -minimum(unclipped, clipped).mean();
        var clipFraction = ((ratio - 1).abs() > clipCoef).to_type(ScalarType.Float32).mean();
        return (loss, clipFraction);
    }
}
