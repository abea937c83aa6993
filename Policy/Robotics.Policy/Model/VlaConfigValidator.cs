using Robotics.Policy.Actions;

namespace Robotics.Policy.Model;

/// <summary>The checks behind <see cref="VlaConfig.Problems"/>, each message naming the field and a fix.</summary>
internal static class VlaConfigValidator
{
    public static IEnumerable<string> Problems(VlaConfig c)
    {
        if (c.ImageSize <= 0) yield return $"ImageSize must be positive (got {c.ImageSize})";
        if (c.Width <= 0 || c.Heads <= 0 || c.Width % c.Heads != 0) yield return $"Width {c.Width} must be a positive multiple of Heads {c.Heads}";
        else if (c.HeadDim % 2 != 0) yield return $"head size Width/Heads = {c.HeadDim} must be even for rotary positions";
        if (c.ActionHead == ActionHeadKind.Decoder && c.Layers <= 0) yield return $"Layers must be positive (got {c.Layers})";
        if (c.ActionHead == ActionHeadKind.Mlp && c.Layers != 0) yield return $"the MLP action head has no decoder: set Layers to 0 (got {c.Layers})";
        if (c.ActionHead == ActionHeadKind.Mlp && !(c.Vision == VisionKind.ConvSpatialSoftmax && c.ProjectorSeesInstruction))
            yield return "the MLP action head reads the instruction only through the projector: use the conv kind with ProjectorSeesInstruction";
        if (!Enum.IsDefined(c.ActionHead)) yield return $"ActionHead must be Decoder or Mlp (got {(int)c.ActionHead})";
        if (c.MlpHidden <= 0) yield return $"MlpHidden must be positive (got {c.MlpHidden})";
        if (c.ProprioDim < 0) yield return $"ProprioDim cannot be negative (got {c.ProprioDim})";
        if ((c.ProprioMean is null) != (c.ProprioStd is null)) yield return "ProprioMean and ProprioStd go together: give both or neither";
        if (c.ProprioMean is { } m && m.Length != c.ProprioDim) yield return $"ProprioMean has {m.Length} values but ProprioDim is {c.ProprioDim}";
        if (c.ProprioStd is { } s && s.Length != c.ProprioDim) yield return $"ProprioStd has {s.Length} values but ProprioDim is {c.ProprioDim}";
        if (c.VocabSize <= ActionTokenizer.Bins + 3) yield return $"VocabSize {c.VocabSize} must exceed the {ActionTokenizer.Bins} action ids plus special tokens";
        if (c.PaddedVocabSize < c.VocabSize) yield return $"PaddedVocabSize {c.PaddedVocabSize} must be at least VocabSize {c.VocabSize}";
        if (c.MaxSequenceLength < 16) yield return $"MaxSequenceLength {c.MaxSequenceLength} is too short for a prompt and 7 action tokens";
        switch (c.Vision)
        {
            case VisionKind.ConvSpatialSoftmax:
                if (c.ConvLayers < 2) yield return $"ConvLayers must be at least 2 (the first two halve the image; got {c.ConvLayers})";
                if (c.ImageSize % 4 != 0) yield return $"ImageSize {c.ImageSize} must be a multiple of 4 for the conv stem";
                if (c.ConvChannels <= 0 || c.Keypoints <= 0) yield return "ConvChannels and Keypoints must be positive";
                if (c.VisionTokens <= 0 || c.ProjectorHidden <= 0) yield return "VisionTokens and ProjectorHidden must be positive";
                else if (c.GroupKeypoints && c.Keypoints % c.VisionTokens != 0) yield return $"GroupKeypoints needs Keypoints {c.Keypoints} to be a multiple of VisionTokens {c.VisionTokens}";
                break;
            case VisionKind.Vit when c.ProjectorSeesInstruction:
            case VisionKind.FusedDinoSiglip when c.ProjectorSeesInstruction:
                yield return "ProjectorSeesInstruction applies to the conv kind only: set it to false";
                break;
            case VisionKind.Vit:
                if (c.Vit is null) { yield return "Vision = Vit needs a Vit section"; break; }
                foreach (var p in c.Vit.Problems("Vit", c.ImageSize)) yield return p;
                break;
            case VisionKind.FusedDinoSiglip:
                if (c.Vit is null || c.FusedVit is null) { yield return "Vision = FusedDinoSiglip needs both Vit (DINOv2) and FusedVit (SigLIP) sections"; break; }
                foreach (var p in c.Vit.Problems("Vit", c.ImageSize).Concat(c.FusedVit.Problems("FusedVit", c.ImageSize))) yield return p;
                if (c.Vit.PatchSize != c.FusedVit.PatchSize) yield return "Vit and FusedVit must share a patch size (their patches are concatenated)";
                break;
        }
        if (c.Vision != VisionKind.ConvSpatialSoftmax && c.Vit is { } v && v.PatchSize > 0 && c.ImageSize % v.PatchSize == 0)
        {
            var prefix = (c.ImageSize / v.PatchSize) * (c.ImageSize / v.PatchSize) + (c.ProprioDim > 0 ? 1 : 0);
            if (prefix + 24 > c.MaxSequenceLength) yield return $"MaxSequenceLength {c.MaxSequenceLength} leaves no room for the prompt after {prefix} vision tokens";
        }
    }
}
