using TorchSharp;
using Robotics.Policy.Model;
using Robotics.Policy.Language;
using static TorchSharp.torch;

namespace Robotics.Policy;

/// <summary>Checks an observation batch against the config and turns it into <see cref="PolicyInputs"/>.</summary>
internal static class InputPreparer
{
    // Held in a field so it stays alive through the native call (see VlaModel.EmbedPrefix).
    private static readonly Scalar MinStd = 1e-6f.ToScalar();

    public static PolicyInputs Prepare(ObservationBatch obs, VlaConfig config, IInstructionTokenizer tokenizer, Device device)
    {
        ArgumentNullException.ThrowIfNull(obs);
        var b = obs.BatchSize;
        if (b <= 0) throw new ArgumentException($"batch size must be positive (got {b})", nameof(obs));
        if (obs.ImageHeight != config.ImageSize || obs.ImageWidth != config.ImageSize)
            throw new ArgumentException($"images are {obs.ImageHeight}x{obs.ImageWidth} but config '{config.Name}' expects {config.ImageSize}x{config.ImageSize}: resize them (or the camera) first", nameof(obs));
        if (obs.Images is null || obs.Images.LongLength != (long)b * obs.ImageHeight * obs.ImageWidth * 3)
            throw new ArgumentException($"images hold {obs.Images?.LongLength ?? 0} bytes; [B={b}, {obs.ImageHeight}, {obs.ImageWidth}, 3] needs {(long)b * obs.ImageHeight * obs.ImageWidth * 3}", nameof(obs));
        if (obs.ProprioDim != config.ProprioDim)
            throw new ArgumentException($"proprio has {obs.ProprioDim} values per row but config '{config.Name}' expects {config.ProprioDim}", nameof(obs));
        if (obs.Proprio is null || obs.Proprio.Length != b * obs.ProprioDim)
            throw new ArgumentException($"proprio holds {obs.Proprio?.Length ?? 0} values; [B={b}, {obs.ProprioDim}] needs {b * obs.ProprioDim}", nameof(obs));
        if (obs.Instructions is null || obs.Instructions.Count != b)
            throw new ArgumentException($"{obs.Instructions?.Count ?? 0} instructions for a batch of {b}", nameof(obs));
        foreach (var v in obs.Proprio) if (!float.IsFinite(v)) throw new ArgumentException("proprio holds NaN or infinity", nameof(obs));

        var prompts = obs.Instructions.Select(i => tokenizer.EncodePrompt(PromptBuilder.Build(i ?? ""))).ToList();
        var length = Math.Max(1, prompts.Max(p => p.Count));
        var ids = new long[b * length];
        var mask = new bool[b * length];
        for (var row = 0; row < b; row++)
        {
            var offset = length - prompts[row].Count;   // left padding keeps every prompt's end next to the action tokens
            for (var j = 0; j < length; j++)
            {
                var real = j >= offset;
                ids[row * length + j] = real ? prompts[row][j - offset] : tokenizer.PadId;
                mask[row * length + j] = real;
            }
        }
        using var scope = NewDisposeScope();
        var images = ImagePreprocessor.ToTensor(obs.Images, b, obs.ImageHeight, obs.ImageWidth, config.Vision, device);
        var proprio = tensor(obs.Proprio, [b, obs.ProprioDim]);
        if (config.ProprioMean is { } mean && config.ProprioStd is { } std)
            proprio = (proprio - tensor(mean)) / tensor(std).clamp_min(MinStd);
        proprio = proprio.to(device);
        var result = new PolicyInputs(images, proprio, tensor(ids, [b, length]).to(device), tensor(mask, [b, length]).to(device), tokenizer.BosId, tokenizer.PadId);
        foreach (var t in new[] { result.Images, result.Proprio, result.PromptIds, result.PromptMask }) t.DetachFromDisposeScope();
        return result;
    }
}
