using TorchSharp;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Llama attention: q/k/v/o projections without bias, rotary positions on q and k, masked scaled dot-product attention.</summary>
internal sealed class CausalSelfAttention : nn.Module
{
    private readonly LoraLinear q_proj;
    private readonly LoraLinear k_proj;
    private readonly LoraLinear v_proj;
    private readonly LoraLinear o_proj;
    private readonly int _heads;
    private readonly int _headDim;

    public CausalSelfAttention(VlaConfig config) : base("attn")
    {
        _heads = config.Heads;
        _headDim = config.HeadDim;
        q_proj = new LoraLinear(config.Width, config.Width, hasBias: false);
        k_proj = new LoraLinear(config.Width, config.Width, hasBias: false);
        v_proj = new LoraLinear(config.Width, config.Width, hasBias: false);
        o_proj = new LoraLinear(config.Width, config.Width, hasBias: false);
        RegisterComponents();
    }

    /// <param name="x">(B, T, C) the new tokens.</param>
    /// <param name="cos">(B, 1, T, hd) rotary table at the new tokens' positions (sin likewise).</param>
    /// <param name="mask">(B, 1, T, T_total) bool, true where a query may attend to a key.</param>
    /// <param name="cache">Past keys/values of this layer, extended in place; null for a full forward.</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, KvCache? cache, int layer)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var q = q_proj.forward(x).view(b, t, _heads, _headDim).transpose(1, 2);   // (B, H, T, hd)
        var k = k_proj.forward(x).view(b, t, _heads, _headDim).transpose(1, 2);   // (B, H, T, hd)
        var v = v_proj.forward(x).view(b, t, _heads, _headDim).transpose(1, 2);   // (B, H, T, hd)
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (cache is not null) (k, v) = cache.Append(layer, k, v);              // (B, H, T_total, hd)
        var y = nn.functional.scaled_dot_product_attention(q, k, v, mask);       // (B, H, T, hd)
        return o_proj.forward(y.transpose(1, 2).reshape(b, t, -1));             // (B, T, C)
    }
}
