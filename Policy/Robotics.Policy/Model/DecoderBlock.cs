using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>A pre-norm Llama block: x + attn(norm(x)), then + mlp(norm(x)).</summary>
internal sealed class DecoderBlock : nn.Module
{
    private readonly RmsNorm input_layernorm;
    private readonly CausalSelfAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly SwiGluMlp mlp;

    public DecoderBlock(VlaConfig config) : base("block")
    {
        input_layernorm = new RmsNorm(config.Width, config.RmsNormEps);
        self_attn = new CausalSelfAttention(config);
        post_attention_layernorm = new RmsNorm(config.Width, config.RmsNormEps);
        mlp = new SwiGluMlp(config);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, KvCache? cache, int layer)
    {
        var h = x.Plus(self_attn.Forward(input_layernorm.forward(x), cos, sin, mask, cache, layer));   // (B, T, C)
        return h.Plus(mlp.forward(post_attention_layernorm.forward(h)));                               // (B, T, C)
    }
}
