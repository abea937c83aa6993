namespace Robotics.Policy.Model;

/// <summary>The number of parameters a config's model allocates, from its sizes alone (so the 7B config is checked without 30 GB of RAM).</summary>
internal static class ParameterCounter
{
    public static long Count(VlaConfig c)
    {
        long d = c.Width;
        if (c.ActionHead == ActionHeadKind.Mlp)   // embed_tokens (the prompt's pooled words) and the MLP head, no decoder or LM head
            return Vision(c) + c.PaddedVocabSize * d + Linear(c.VisionTokens * d, d) + Linear(d, d) + Linear(d, (long)Actions.ActionTokenizer.ActionDim * Actions.ActionTokenizer.Bins);
        var decoder = c.Layers * (4 * d * d + 3 * d * c.MlpHidden + 2 * d) + d;     // attention, SwiGLU, two norms; final norm
        var embeddings = 2L * c.PaddedVocabSize * d;                                 // embed_tokens + untied lm_head
        return Vision(c) + decoder + embeddings;
    }

    private static long Vision(VlaConfig c)
    {
        switch (c.Vision)
        {
            case VisionKind.ConvSpatialSoftmax:
            {
                long total = 0;
                for (var i = 0; i < c.ConvLayers; i++)
                {
                    long input = i == 0 ? 3 : c.ConvChannels, output = i == c.ConvLayers - 1 ? c.Keypoints : c.ConvChannels, k = i == 0 ? 5 : 3;
                    total += input * output * k * k + output;
                }
                if (c.GroupKeypoints)
                    return total + Linear(2L * c.Keypoints / c.VisionTokens + KeypointProjector.ConditioningDim(c), c.ProjectorHidden) + Linear(c.ProjectorHidden, c.Width) + (long)c.VisionTokens * c.Width;
                long projectorIn = 2L * c.Keypoints + KeypointProjector.ConditioningDim(c), projectorOut = (long)c.VisionTokens * c.Width;
                return total + Linear(projectorIn, c.ProjectorHidden) + Linear(c.ProjectorHidden, projectorOut);
            }
            default:
            {
                var features = c.Vit!.Width + (c.Vision == VisionKind.FusedDinoSiglip ? c.FusedVit!.Width : 0);
                var total = Vit(c.Vit, c.ImageSize) + (c.Vision == VisionKind.FusedDinoSiglip ? Vit(c.FusedVit!, c.ImageSize) : 0);
                total += Linear(features, c.ProjectorHidden) + Linear(c.ProjectorHidden, c.Width) + Linear(c.Width, c.Width);
                return total + (c.ProprioDim > 0 ? Linear(c.ProprioDim, c.Width) : 0);
            }
        }
    }

    private static long Vit(VitConfig v, int imageSize)
    {
        long w = v.Width, patches = (long)(imageSize / v.PatchSize) * (imageSize / v.PatchSize);
        var block = 2 * 2 * w + Linear(w, 3 * w) + Linear(w, w) + Linear(w, v.MlpHidden) + Linear(v.MlpHidden, w) + (v.LayerScale ? 2 * w : 0);
        var embed = 3 * w * v.PatchSize * v.PatchSize + w + patches * w + (v.ClassToken ? w : 0) + v.RegisterTokens * w;
        return embed + v.Layers * block;
    }

    private static long Linear(long input, long output) => input * output + output;
}
