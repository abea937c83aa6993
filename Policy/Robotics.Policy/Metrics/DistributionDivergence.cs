using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Metrics;

/// <summary>
/// Divergences between two policies' per-token action distributions, exact over the 256 bins and
/// summed over the 7 action tokens (the KL of the joint factorises over the autoregressive tokens
/// when prefixes are shared). Inputs are probabilities of shape (S, 7, 256).
/// </summary>
internal static class DistributionDivergence
{
    // Held in a field so it stays alive through the native call (see VlaModel.EmbedPrefix).
    private static readonly Scalar Eps = 1e-12.ToScalar();

    /// <summary>Per-state KL(p || q) summed over tokens: shape (S).</summary>
    public static Tensor KlPerState(Tensor p, Tensor q)
    {
        using var scope = NewDisposeScope();
        var pc = p.clamp_min(Eps);
        var qc = q.clamp_min(Eps);
        var kl = (p * (pc.log() - qc.log())).sum(-1).sum(-1); // (S)
        return kl.MoveToOuterDisposeScope();
    }

    /// <summary>Per-state total variation, averaged over tokens so it stays in [0, 1]: shape (S).</summary>
    public static Tensor TotalVariationPerState(Tensor p, Tensor q)
    {
        using var scope = NewDisposeScope();
        var tv = (p - q).abs().sum(-1).mul(0.5).mean(new long[] { -1 }); // (S)
        return tv.MoveToOuterDisposeScope();
    }

    public static double Mean(Tensor perState) => perState.mean().item<float>();
}
