using TorchSharp;
using Robotics.Policy.Model;
using static TorchSharp.torch;
using Robotics.Policy.Actions;

namespace Robotics.Policy.Model;

/// <summary>Autoregressive decoding of the 7 action tokens, with or without the KV cache (the cache-free path re-runs the whole
/// sequence each token; the benchmark compares them); the MLP head's 7 tokens come from one pass, chosen the same way.</summary>
internal static class ActionDecoder
{
    /// <param name="sampledTokens">With <see cref="DecodingMode.Sample"/>: which of the 7 tokens are drawn; the others are decoded
    /// greedily (their log-probability is still reported). Null samples every token.</param>
    public static GeneratedActions Generate(VlaModel model, PolicyInputs inputs, DecodingMode mode, float temperature, Generator? generator, bool useKvCache,
        IReadOnlyList<bool>? sampledTokens = null)
    {
        if (sampledTokens is not null && sampledTokens.Count != ActionTokenizer.ActionDim) throw new ArgumentException($"sampledTokens needs {ActionTokenizer.ActionDim} flags, got {sampledTokens.Count}", nameof(sampledTokens));
        if (!(temperature > 0) || !float.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be a positive number");
        using var t = temperature.ToScalar();   // alive through every native division below (see VlaModel.EmbedPrefix)
        using var one = 1.ToScalar();            // the alpha of every add below, held for the same reason
        using var half = 0.5.ToScalar();         // the median's threshold, held for the same reason
        using var lastBin = 255.ToScalar();
        using var grad = no_grad();
        using var scope = NewDisposeScope();
        var chosen = new List<Tensor>();
        var logps = new List<Tensor>();
        var probs = new List<Tensor>();
        // One token's bin from its logits (B, 256), by the decoding mode; records it, its log-probability and distribution.
        Tensor Choose(Tensor logits, int i)
        {
            var logp = nn.functional.log_softmax(logits.to_type(ScalarType.Float32) / t, -1);          // (B, 256)
            var p = logp.exp();
            var sample = mode == DecodingMode.Sample && (sampledTokens is null || sampledTokens[i]);
            var bin = sample ? multinomial(p, 1, generator: generator)
                : mode == DecodingMode.Median ? p.cumsum(-1).lt(half).sum(-1, keepdim: true).clamp_max(lastBin)  // bins below the half-way mark
                : logp.argmax(-1, keepdim: true);                                                      // (B, 1)
            chosen.Add(bin);
            logps.Add(logp.gather(-1, bin));
            probs.Add(p);
            return bin;
        }

        if (model.ParallelActionLogits(inputs) is { } parallel)                                        // (B, 7, 256)
        {
            for (var i = 0; i < ActionTokenizer.ActionDim; i++) Choose(parallel.select(1, i), i);
            return Collect(chosen, logps, probs);
        }
        using var cache = useKvCache ? new KvCache(model.LayerCount) : null;
        var prefix = model.EmbedPrefix(inputs);
        var hidden = model.Decode(prefix.Embeds, prefix.Positions, prefix.Valid, cache);                // (B, Tp, D)
        var last = hidden.select(1, -1);                                                                // (B, D)
        var valid = prefix.Valid;
        for (var i = 0; i < ActionTokenizer.ActionDim; i++)
        {
            var bin = Choose(model.ActionLogits(last), i);
            if (i == 6) break;
            // Both Scalars alive through the native add (see VlaModel.EmbedPrefix): `tensor + n` makes the offset and the
            // alpha of 1 implicitly, and the finalizer freed one mid-call (crashed a razor run and a CI run here).
            using var step = (i + 1).ToScalar();
            var position = prefix.LastPosition.add(step, one);                                          // (B, 1)
            valid = cat([valid, ones(bin.shape, dtype: ScalarType.Bool, device: model.Device)], 1);
            if (cache is not null)
            {
                last = model.Decode(model.EmbedActions(bin), position, valid, cache).select(1, -1);     // (B, D)
            }
            else
            {
                var soFar = cat(chosen.ToArray(), 1);                                                   // (B, i + 1)
                var x = cat([prefix.Embeds, model.EmbedActions(soFar)], 1);
                var steps = prefix.LastPosition.add(arange(1, i + 2, device: model.Device).unsqueeze(0), one);
                last = model.Decode(x, cat([prefix.Positions, steps], 1), valid, null).select(1, -1);
            }
        }
        return Collect(chosen, logps, probs);
    }

    private static GeneratedActions Collect(List<Tensor> chosen, List<Tensor> logps, List<Tensor> probs)
    {
        var result = new GeneratedActions(cat(chosen.ToArray(), 1), cat(logps.ToArray(), 1), stack(probs.ToArray(), 1));   // (B, 7), (B, 7), (B, 7, 256)
        result.Bins.MoveToOuterDisposeScope();
        result.LogProbs.MoveToOuterDisposeScope();
        result.Probs.MoveToOuterDisposeScope();
        return result;
    }
}
