using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// A timm patch ViT with timm's names (patch_embed.proj, cls_token, reg_token, pos_embed, blocks.N). Position embeddings
/// cover the patches only (timm's no_embed_class, as DINOv2-reg and SigLIP have them). Returns the last built block's
/// patch tokens, prefix tokens dropped and no final norm, as OpenVLA reads them: (B, 3, H, W) -> (B, N, W).
/// </summary>
internal sealed class PatchVitEncoder : nn.Module<Tensor, Tensor>
{
    private readonly PatchEmbed patch_embed;
    private readonly Parameter? cls_token;
    private readonly Parameter? reg_token;
    private readonly Parameter pos_embed;
    private readonly ModuleList<VitBlock> blocks = new();
    private readonly int _prefix;

    public PatchVitEncoder(VitConfig config, int imageSize, string name) : base(name)
    {
        var patches = (imageSize / config.PatchSize) * (imageSize / config.PatchSize);
        patch_embed = new PatchEmbed(config);
        if (config.ClassToken) cls_token = new Parameter(zeros(1, 1, config.Width));
        if (config.RegisterTokens > 0) reg_token = new Parameter(zeros(1, config.RegisterTokens, config.Width));
        pos_embed = new Parameter(randn(1, patches, config.Width) * 0.02);
        for (var i = 0; i < config.Layers; i++) blocks.Add(new VitBlock(config));
        _prefix = (config.ClassToken ? 1 : 0) + config.RegisterTokens;
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        var x = patch_embed.forward(images).Plus(pos_embed);                           // (B, N, W)
        var b = x.shape[0];
        var prefix = new List<Tensor>();
        if (cls_token is not null) prefix.Add(cls_token.expand(b, -1, -1));
        if (reg_token is not null) prefix.Add(reg_token.expand(b, -1, -1));
        if (prefix.Count > 0) x = cat([.. prefix, x], 1);                         // (B, prefix + N, W)
        foreach (var block in blocks) x = block.forward(x);
        return x.narrow(1, _prefix, x.shape[1] - _prefix);                        // (B, N, W)
    }
}
