using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Merging;

/// <summary>
/// WiSE-FT's weight-space ensemble (Wortsman et al. 2022, https://arxiv.org/abs/2109.01903): a policy whose every
/// parameter is theta = (1 - alpha) theta_0 + alpha theta_ft, between a base and a model fine-tuned from it. It costs no
/// training, only evaluation, and is a strong retention baseline: alpha trades the new task against the old ones.
/// </summary>
public static class WeightInterpolation
{
    /// <summary>A new policy (the caller disposes it) with the base's config, normaliser and tokenizer and the interpolated weights.</summary>
    public static VlaPolicy Interpolate(VlaPolicy basePolicy, VlaPolicy tuned, double alpha)
    {
        if (!(alpha >= 0 && alpha <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), $"alpha must be in [0, 1], got {alpha}");
        if (basePolicy.Lora is not null || tuned.Lora is not null)
            throw new ArgumentException("merge LoRA adapters before interpolating: the base and the fine-tuned model must have the same parameters");
        var tunedParameters = tuned.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var merged = basePolicy.Clone();
        using var keep = (1 - alpha).ToScalar();
        using var take = alpha.ToScalar();
        using (no_grad())
        {
            foreach (var (name, p) in merged.Model.named_parameters())
            {
                if (!tunedParameters.TryGetValue(name, out var t))
                    throw new ArgumentException($"parameter '{name}' of the base is missing from the fine-tuned model");
                if (!t.shape.SequenceEqual(p.shape))
                    throw new ArgumentException($"parameter '{name}' has shape [{string.Join(",", t.shape)}] in the fine-tuned model but [{string.Join(",", p.shape)}] in the base");
                // The ends are copied, not computed, so alpha 0 is the base and alpha 1 the endpoint bit for bit.
                if (alpha == 1) p.copy_(t);
                else if (alpha > 0) p.mul_(keep).add_(t, take);
            }
        }
        if (tunedParameters.Count != merged.Model.named_parameters().Count())
            throw new ArgumentException("the fine-tuned model has parameters the base lacks");
        return merged;
    }
}
