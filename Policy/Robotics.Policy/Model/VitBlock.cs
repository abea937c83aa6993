using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>A timm ViT block with timm's parameter names: x + ls1(attn(norm1(x))), x + ls2(mlp(norm2(x))).</summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly VitAttention attn;
    private readonly LayerScale? ls1;
    private readonly LayerNorm norm2;
    private readonly VitMlp mlp;
    private readonly LayerScale? ls2;

    public VitBlock(VitConfig config) : base("block")
    {
        norm1 = nn.LayerNorm(config.Width, eps: 1e-6);
        attn = new VitAttention(config);
        norm2 = nn.LayerNorm(config.Width, eps: 1e-6);
        mlp = new VitMlp(config);
        if (config.LayerScale)
        {
            ls1 = new LayerScale(config.Width);
            ls2 = new LayerScale(config.Width);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var a = attn.forward(norm1.forward(x));                 // (B, N, W)
        x = x + (ls1 is null ? a : ls1.forward(a));
        var m = mlp.forward(norm2.forward(x));                  // (B, N, W)
        return x + (ls2 is null ? m : ls2.forward(m));
    }
}

/// <summary>Fused qkv projection and multi-head attention (no mask: every patch sees every patch).</summary>
public sealed class VitAttention : nn.Module<Tensor, Tensor>
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

/// <summary>fc1, GELU (tanh-approximated for SigLIP), fc2.</summary>
public sealed class VitMlp : nn.Module<Tensor, Tensor>
{
    private readonly LoraLinear fc1;
    private readonly LoraLinear fc2;
    private readonly bool _tanh;

    public VitMlp(VitConfig config) : base("mlp")
    {
        fc1 = new LoraLinear(config.Width, config.MlpHidden);
        fc2 = new LoraLinear(config.MlpHidden, config.Width);
        _tanh = config.TanhGelu;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = fc1.forward(x);
        h = _tanh ? nn.functional.gelu(h, TorchSharp.Modules.GELU.Approximate.tanh) : nn.functional.gelu(h);
        return fc2.forward(h);
    }
}

/// <summary>DINOv2's per-channel LayerScale (OpenVLA stores it as <c>scale_factor</c>).</summary>
public sealed class LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter scale_factor;

    public LayerScale(int width) : base("ls")
    {
        scale_factor = new Parameter(full(width, 1e-5f));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * scale_factor;
}
