using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// Rotary positions (Su et al. 2021) in the "rotate half" layout that Hugging Face's Llama weights expect:
/// x cos + rotate_half(x) sin, with per-sample positions so left padding never shifts a sample's positions.
/// </summary>
internal sealed class RotaryEmbedding : nn.Module
{
    private readonly Tensor _cos;
    private readonly Tensor _sin;

    public RotaryEmbedding(int headDim, int maxPositions, double theta) : base("rotary")
    {
        var invFreq = 1.0 / pow(theta, arange(0, headDim, 2, dtype: ScalarType.Float64) / headDim);   // (hd/2)
        var freqs = outer(arange(maxPositions, dtype: ScalarType.Float64), invFreq);                   // (P, hd/2)
        var emb = cat([freqs, freqs], -1);                                                             // (P, hd)
        _cos = emb.cos().to_type(ScalarType.Float32).DetachFromDisposeScope();
        _sin = emb.sin().to_type(ScalarType.Float32).DetachFromDisposeScope();
        MaxPositions = maxPositions;
    }

    public int MaxPositions { get; }

    /// <summary>cos and sin for positions (B, T) -> each (B, 1, T, hd), ready to broadcast over heads.</summary>
    public (Tensor Cos, Tensor Sin) At(Tensor positions)
    {
        var flat = positions.reshape(-1);
        var device = positions.device;
        var cos = _cos.to(device).index_select(0, flat).reshape(positions.shape[0], 1, positions.shape[1], -1);   // (B, 1, T, hd)
        var sin = _sin.to(device).index_select(0, flat).reshape(positions.shape[0], 1, positions.shape[1], -1);
        return (cos, sin);
    }

    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);   // (B, H, T, hd)
        return (x * cos.to_type(x.dtype)).Plus(rotated * sin.to_type(x.dtype));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _cos.Dispose(); _sin.Dispose(); }
        base.Dispose(disposing);
    }
}
