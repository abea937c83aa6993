using static TorchSharp.torch;

namespace Robotics.Policy;

/// <summary>
/// Model-ready tensors for a batch, on the model's device: images float (B, C, H, W), proprio float (B, P), prompt ids long
/// (B, L) left-padded with <see cref="PromptMask"/> bool (B, L) false on the padding. Owns its tensors.
/// </summary>
public sealed class PolicyInputs : IDisposable
{
    public PolicyInputs(Tensor images, Tensor proprio, Tensor promptIds, Tensor promptMask, int bosId, int padId)
    {
        Images = images;
        Proprio = proprio;
        PromptIds = promptIds;
        PromptMask = promptMask;
        BosId = bosId;
        PadId = padId;
    }

    public Tensor Images { get; }
    public Tensor Proprio { get; }
    public Tensor PromptIds { get; }
    public Tensor PromptMask { get; }
    public int BosId { get; }
    public int PadId { get; }
    public int BatchSize => (int)Images.shape[0];

    /// <summary>The rows at <paramref name="index"/> (long, any device): minibatches out of a stored batch.</summary>
    public PolicyInputs Select(Tensor index)
    {
        var i = index.to(Images.device).to_type(ScalarType.Int64);
        return new PolicyInputs(Images.index_select(0, i).DetachFromDisposeScope(), Proprio.index_select(0, i).DetachFromDisposeScope(),
            PromptIds.index_select(0, i).DetachFromDisposeScope(), PromptMask.index_select(0, i).DetachFromDisposeScope(), BosId, PadId);
    }

    /// <summary>Rows of several batches stacked, prompts left-padded to the longest.</summary>
    public static PolicyInputs Concat(IReadOnlyList<PolicyInputs> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to concatenate", nameof(parts));
        using var scope = NewDisposeScope();
        var length = parts.Max(p => p.PromptIds.shape[1]);
        Tensor PadLeft(Tensor t, long value) => t.shape[1] == length ? t : nn.functional.pad(t, [length - t.shape[1], 0], value: value);
        var ids = cat(parts.Select(p => PadLeft(p.PromptIds, p.PadId)).ToArray(), 0);
        var mask = cat(parts.Select(p => PadLeft(p.PromptMask.to_type(ScalarType.Int64), 0)).ToArray(), 0).to_type(ScalarType.Bool);
        var result = new PolicyInputs(cat(parts.Select(p => p.Images).ToArray(), 0), cat(parts.Select(p => p.Proprio).ToArray(), 0), ids, mask,
            parts[0].BosId, parts[0].PadId);
        foreach (var t in new[] { result.Images, result.Proprio, result.PromptIds, result.PromptMask }) t.DetachFromDisposeScope();
        return result;
    }

    public void Dispose()
    {
        Images.Dispose();
        Proprio.Dispose();
        PromptIds.Dispose();
        PromptMask.Dispose();
    }
}
