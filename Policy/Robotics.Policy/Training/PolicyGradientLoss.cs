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
    /// <paramref name="clipHigh"/> (default: <paramref name="clipCoef"/>) is the upper clip, wider in DAPO and SimpleVLA-RL
    /// (0.28) so rare good tokens can grow. <paramref name="tokenMask"/> (7 flags) keeps only the tokens the acting policy
    /// sampled: a greedily decoded token was not a choice, so it carries no policy gradient.
    /// </summary>
    public static (Tensor Loss, Tensor ClipFraction) Clipped(Tensor newLogProbs, Tensor oldLogProbs, Tensor advantages, double clipCoef,
        double? clipHigh = null, IReadOnlyList<bool>? tokenMask = null)
    {
        // Scalars held alive through the native calls (see VlaModel.EmbedPrefix: TorchSharp's implicit ones can be finalised mid-call).
        using var low = (1 - clipCoef).ToScalar();
        using var high = (1 + (clipHigh ?? clipCoef)).ToScalar();
        var ratio = (newLogProbs - oldLogProbs).exp();                          // (B, 7)
        var a = advantages.unsqueeze(-1);                                        // (B, 1)
        var unclipped = ratio * a;
        var clipped = ratio.clamp(low, high) * a;
        var perToken = -minimum(unclipped, clipped);                             // (B, 7)
        var outside = ratio.lt(low).logical_or(ratio.gt(high)).to_type(ScalarType.Float32);
        if (tokenMask is null || tokenMask.All(m => m)) return (perToken.mean(), outside.mean());
        var kept = tensor(tokenMask.ToArray()).nonzero().squeeze(-1);           // (K)
        return (perToken.index_select(1, kept).mean(), outside.index_select(1, kept).mean());
    }
}
