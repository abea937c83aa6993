using System.Text.RegularExpressions;
using Robotics.Policy.Model;

namespace Robotics.Policy.Checkpoints;

/// <summary>
/// OpenVLA-7B's Hugging Face key names -> this model's. The vision backbone and projector keep their names; the Llama
/// backbone drops its <c>language_model.model.</c> / <c>language_model.</c> prefixes. Keys OpenVLA stores but never uses
/// (each ViT's last block, final norms, SigLIP's attention-pooling head) map to null.
/// </summary>
internal static partial class OpenVlaKeyMap
{
    /// <summary>Our key for <paramref name="hfKey"/>; null when OpenVLA does not use that weight; throws for a key OpenVLA does not have.</summary>
    public static string? Map(string hfKey, VlaConfig config)
    {
        var vit = VitKey().Match(hfKey);
        if (vit.Success)
        {
            var encoder = vit.Groups["enc"].Value == "featurizer" ? config.Vit : config.FusedVit;
            if (encoder is null) throw new CheckpointException($"'{hfKey}' belongs to a vision backbone that config '{config.Name}' does not have");
            var rest = vit.Groups["rest"].Value;
            var block = BlockIndex().Match(rest);
            if (block.Success && int.Parse(block.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= encoder.Layers) return null;   // the unused last block
            if (rest.StartsWith("norm.", StringComparison.Ordinal) || rest.StartsWith("attn_pool.", StringComparison.Ordinal) || rest.StartsWith("head.", StringComparison.Ordinal) || rest.StartsWith("fc_norm.", StringComparison.Ordinal)) return null;
            return hfKey;
        }
        if (hfKey.StartsWith("projector.", StringComparison.Ordinal)) return hfKey;
        if (hfKey.StartsWith("language_model.model.", StringComparison.Ordinal)) return hfKey["language_model.model.".Length..];
        if (hfKey == "language_model.lm_head.weight") return "lm_head.weight";
        throw new CheckpointException($"'{hfKey}' is not an OpenVLA key (expected vision_backbone.*, projector.* or language_model.*)");
    }

    [GeneratedRegex(@"^vision_backbone\.(?<enc>featurizer|fused_featurizer)\.(?<rest>.+)$")]
    private static partial Regex VitKey();

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();
}
