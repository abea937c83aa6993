using Robotics.Policy.Actions;

namespace Robotics.Policy.Model;

/// <summary>
/// Multiply-add FLOPs (2 per MAC) of one sample's teacher-forced forward pass, from the config alone: the numerator of
/// "achieved FLOP/s" (nanoGPT's estimate_mfu). Training counts 3x the forward (backward is about twice the forward).
/// </summary>
internal static class FlopCounter
{
    public static double ForwardPerSample(VlaConfig c, int promptTokens)
    {
        double flops = 0;
        int visionTokens;
        if (c.Vision == VisionKind.ConvSpatialSoftmax)
        {
            var size = c.ImageSize;
            for (var i = 0; i < c.ConvLayers; i++)
            {
                long input = i == 0 ? 3 : c.ConvChannels, output = i == c.ConvLayers - 1 ? c.Keypoints : c.ConvChannels, k = i == 0 ? 5 : 3;
                if (i < 2) size /= 2;
                flops += 2.0 * input * output * k * k * size * size;
            }
            flops += c.GroupKeypoints
                ? c.VisionTokens * 2.0 * ((2.0 * c.Keypoints / c.VisionTokens + KeypointProjector.ConditioningDim(c)) * c.ProjectorHidden + (double)c.ProjectorHidden * c.Width)
                : 2.0 * (2 * c.Keypoints + KeypointProjector.ConditioningDim(c)) * c.ProjectorHidden + 2.0 * c.ProjectorHidden * c.VisionTokens * c.Width;
            visionTokens = c.VisionTokens;
        }
        else
        {
            var patches = (c.ImageSize / c.Vit!.PatchSize) * (c.ImageSize / c.Vit.PatchSize);
            flops += Vit(c.Vit, patches) + (c.Vision == VisionKind.FusedDinoSiglip ? Vit(c.FusedVit!, patches) : 0);
            var features = c.Vit.Width + (c.Vision == VisionKind.FusedDinoSiglip ? c.FusedVit!.Width : 0);
            flops += patches * 2.0 * ((double)features * c.ProjectorHidden + (double)c.ProjectorHidden * c.Width + (double)c.Width * c.Width);
            visionTokens = patches + (c.ProprioDim > 0 ? 1 : 0);
        }
        double d = c.Width;
        if (c.ActionHead == ActionHeadKind.Mlp)
            return flops + 2.0 * (visionTokens * d * d + d * d + d * ActionTokenizer.Bins * ActionTokenizer.ActionDim);
        var tokens = 1 + visionTokens + promptTokens + ActionTokenizer.ActionDim - 1;
        var perToken = 2.0 * (4 * d * d + 3 * d * c.MlpHidden);
        var attention = 2.0 * 2.0 * d * tokens * tokens / 2;   // QK^T and AV over the causal half
        flops += c.Layers * (tokens * perToken + attention);
        flops += 2.0 * d * ActionTokenizer.Bins * ActionTokenizer.ActionDim;
        return flops;
    }

    public static double TrainingPerSample(VlaConfig c, int promptTokens) => 3 * ForwardPerSample(c, promptTokens);

    private static double Vit(VitConfig v, int patches)
    {
        double w = v.Width, n = patches + (v.ClassToken ? 1 : 0) + v.RegisterTokens;
        var linear = 2.0 * n * (4 * w * w + 2 * w * v.MlpHidden);
        var attention = 2.0 * 2.0 * n * n * w;
        return v.Layers * (linear + attention) + 2.0 * patches * 3 * v.PatchSize * v.PatchSize * w;
    }
}
