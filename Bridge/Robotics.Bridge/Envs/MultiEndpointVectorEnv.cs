using Robotics.Sim.V1;

namespace Robotics.Bridge.Envs;

/// <summary>
/// One vector env made of several (one per simulator server): env ids 0..N-1 are laid out part after part, calls go
/// to every part concurrently and results come back concatenated in env order. A capability holds only where
/// every part has it.
/// </summary>
internal sealed class MultiEndpointVectorEnv : IVectorEnv
{
    private readonly IVectorEnv[] _parts;
    private readonly int[] _offsets;
    private readonly EnvStep?[] _last;

    public MultiEndpointVectorEnv(IReadOnlyList<IVectorEnv> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("At least one part is needed.", nameof(parts));
        _parts = [.. parts];
        _offsets = new int[_parts.Length];
        for (var k = 1; k < _parts.Length; k++) _offsets[k] = _offsets[k - 1] + _parts[k - 1].Spec.NumEnvs;
        _last = new EnvStep?[_parts.Length];
        var s = _parts.Select(p => p.Spec).ToArray();
        var first = s[0];
        if (s.Any(x => x.ImageHeight != first.ImageHeight || x.ImageWidth != first.ImageWidth || x.ProprioDim != first.ProprioDim || x.ActionDim != first.ActionDim))
            throw new ArgumentException("All simulator servers must give the same image size, proprio and action dimensions: "
                + string.Join("; ", s.Select(x => $"{x.Backend} {x.ImageHeight}x{x.ImageWidth} P={x.ProprioDim} A={x.ActionDim}")), nameof(parts));
        Spec = first with
        {
            Backend = string.Join(" + ", s.Select(x => x.Backend).Distinct()),
            NumEnvs = s.Sum(x => x.NumEnvs),
            Tasks = [.. s.SelectMany(x => x.Tasks)],
            PartialReset = s.All(x => x.PartialReset),
            PerEnvTask = s.All(x => x.PerEnvTask),
            HasExpert = s.All(x => x.HasExpert),
            // A style is offered where every server offers it: any env may run on any of them.
            ExpertStyles = first.ExpertStyles.ToDictionary(kv => kv.Key,
                kv => (IReadOnlyList<string>)[.. kv.Value.Where(style => s.All(x => x.OffersExpertStyle(kv.Key, style)))]),
        };
    }

    public EnvSpec Spec { get; }

    /// <summary>Splits <paramref name="total"/> envs over <paramref name="parts"/> as evenly as possible, earlier parts first.</summary>
    public static int[] Split(int total, int parts) =>
        [.. Enumerable.Range(0, parts).Select(k => total / parts + (k < total % parts ? 1 : 0))];

    public async Task<EnvStep> ResetAsync(IReadOnlyList<int>? envIds = null, IReadOnlyList<ulong>? seeds = null,
        IReadOnlyList<string>? tasks = null, CancellationToken ct = default)
    {
        var calls = new Task<EnvStep>?[_parts.Length];
        for (var k = 0; k < _parts.Length; k++)
        {
            if (envIds is null)
            {
                calls[k] = _parts[k].ResetAsync(null, Slice(seeds, k), Slice(tasks, k), ct);
                continue;
            }
            var picks = Enumerable.Range(0, envIds.Count).Where(j => PartOf(envIds[j]) == k).ToArray();
            if (picks.Length == 0) continue;
            calls[k] = _parts[k].ResetAsync([.. picks.Select(j => envIds[j] - _offsets[k])],
                seeds is null ? null : [.. picks.Select(j => seeds[j])], tasks is null ? null : [.. picks.Select(j => tasks[j])], ct);
        }
        for (var k = 0; k < _parts.Length; k++)
        {
            if (calls[k] is null && _last[k] is null) calls[k] = _parts[k].ResetAsync(ct: ct);
        }
        return await GatherAsync(calls);
    }

    public async Task<EnvStep> StepAsync(float[] actions, CancellationToken ct = default)
    {
        var a = Spec.ActionDim;
        var calls = new Task<EnvStep>?[_parts.Length];
        for (var k = 0; k < _parts.Length; k++)
            calls[k] = _parts[k].StepAsync(actions[(_offsets[k] * a)..((_offsets[k] + _parts[k].Spec.NumEnvs) * a)], ct);
        return await GatherAsync(calls);
    }

    private int PartOf(int env)
    {
        if (env < 0 || env >= Spec.NumEnvs) throw new ArgumentOutOfRangeException(nameof(env), env, $"Env ids are 0..{Spec.NumEnvs - 1}.");
        var k = _parts.Length - 1;
        while (_offsets[k] > env) k--;
        return k;
    }

    private IReadOnlyList<T>? Slice<T>(IReadOnlyList<T>? all, int k) =>
        all is null || all.Count == 1 ? all : [.. all.Skip(_offsets[k]).Take(_parts[k].Spec.NumEnvs)];

    /// <summary>Waits for every part (so none is left mid-call), then concatenates; the first failure wins.</summary>
    private async Task<EnvStep> GatherAsync(Task<EnvStep>?[] calls)
    {
        try
        {
            await Task.WhenAll(calls.Where(c => c is not null)!);
        }
        catch
        {
            var failed = calls.First(c => c is { IsFaulted: true } or { IsCanceled: true })!;
            await failed; // rethrows the part's own exception, not an AggregateException
            throw;
        }
        for (var k = 0; k < calls.Length; k++)
        {
            if (calls[k] is { } call) _last[k] = call.Result;
        }
        return EnvStepConcat.Concat(_last!);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in _parts) await part.DisposeAsync();
    }
}
