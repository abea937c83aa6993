using TorchSharp;
using TorchSharp.Modules;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Fused qkv projection and multi-head attention (no mask: every patch sees every patch).</summary>
internal sealed class VitAttention : nn.Module<Tensor, Tensor>
{
    private readonly LoraLinear qkv;
    private readonly LoraLinear proj;
    private readonly int _heads;

    public VitAttention(VitConfig config) : base("attn")
    {
        _heads = config.Heads;
        qkv = new LoraLinear(config.Width, 3L * config.Width);
        proj = new LoraLinear(config.Width, config.Width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, n, w) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.forward(x).view(b, n, 3, _heads, w / _heads).permute(2, 0, 3, 1, 4);   // (3, B, H, N, hd)
        var y = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]);      // (B, H, N, hd)
        return proj.forward(y.transpose(1, 2).reshape(b, n, w));                                // (B, N, W)
    }
}
