using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>A timm ViT block with timm's parameter names: x + ls1(attn(norm1(x))), x + ls2(mlp(norm2(x))).</summary>
internal sealed class VitBlock : nn.Module<Tensor, Tensor>
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
        x = x.Plus(ls1 is null ? a : ls1.forward(a));
        var m = mlp.forward(norm2.forward(x));                  // (B, N, W)
        return x.Plus(ls2 is null ? m : ls2.forward(m));
    }
}
