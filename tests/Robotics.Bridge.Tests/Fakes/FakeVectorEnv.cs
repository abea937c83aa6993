using Robotics.Bridge.Envs;
using Robotics.Bridge.Faults;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Tests.Fakes;

/// <summary>
/// A deterministic vector env for collector logic: an episode of seed s lasts 2 + s % 4 steps and succeeds when s is
/// even; each image byte is (seed + elapsed steps) mod 256; finished envs stay frozen until reset.
/// </summary>
internal sealed class FakeVectorEnv : IVectorEnv
{
    private readonly ulong[] _seeds;
    private readonly int[] _elapsed;
    private readonly string[] _tasks;
    private readonly bool[] _done;
    private int _steps;

    public FakeVectorEnv(int numEnvs, bool partialReset = true, bool perEnvTask = true, IReadOnlyList<string>? tasks = null, int imageSize = 4)
    {
        _tasks = [.. Enumerable.Range(0, numEnvs).Select(i => tasks is null ? "pick_can" : tasks[tasks.Count == 1 ? 0 : i])];
        Spec = new EnvSpec("fake", numEnvs, imageSize, imageSize, 2, 7, [.. _tasks], partialReset, perEnvTask, HasExpert: true, 10);
        _seeds = new ulong[numEnvs];
        _elapsed = new int[numEnvs];
        _done = new bool[numEnvs];
    }

    public EnvSpec Spec { get; }

    /// <summary>Step calls after which the env throws (simulating a dead server); null = never.</summary>
    public int? FailAfterSteps { get; set; }

    /// <summary>Throw <see cref="SimulatorReconnectedException"/> instead (as a reconnecting env does), once.</summary>
    public bool FailWithReconnect { get; set; }

    public List<int[]> ResetCalls { get; } = [];

    public List<float[]> StepActions { get; } = [];

    public bool Disposed { get; private set; }

    public static int LengthOf(ulong seed) => 2 + (int)(seed % 4);

    public async Task<EnvStep> ResetAsync(IReadOnlyList<int>? envIds = null, IReadOnlyList<ulong>? seeds = null, IReadOnlyList<string>? tasks = null, CancellationToken ct = default)
    {
        await Task.Yield(); // like a real server: the caller's other work runs meanwhile
        var ids = envIds?.ToArray() ?? [.. Enumerable.Range(0, Spec.NumEnvs)];
        if (!Spec.PartialReset && ids.Length != Spec.NumEnvs) throw new InvalidOperationException("fake: partial reset not supported");
        ResetCalls.Add(ids);
        for (var j = 0; j < ids.Length; j++)
        {
            var i = ids[j];
            _seeds[i] = seeds?[j] ?? (ulong)(1000 + i);
            if (tasks is not null) _tasks[i] = tasks[j];
            _elapsed[i] = 0;
            _done[i] = false;
        }
        return Observe(new float[Spec.NumEnvs], new bool[Spec.NumEnvs]);
    }

    public async Task<EnvStep> StepAsync(float[] actions, CancellationToken ct = default)
    {
        await Task.Yield();
        if (FailAfterSteps is { } limit && _steps >= limit)
        {
            if (FailWithReconnect)
            {
                FailWithReconnect = false;
                FailAfterSteps = null;
                throw new SimulatorReconnectedException("fake://sim", "Step", 1, new IOException("connection reset"));
            }
            throw new SimulatorUnavailableException("fake://sim", "Step (session fake)", "connection refused");
        }
        _steps++;
        StepActions.Add((float[])actions.Clone());
        var reward = new float[Spec.NumEnvs];
        var ended = new bool[Spec.NumEnvs];
        for (var i = 0; i < Spec.NumEnvs; i++)
        {
            if (_done[i]) continue;
            _elapsed[i]++;
            if (_elapsed[i] >= LengthOf(_seeds[i]))
            {
                _done[i] = true;
                ended[i] = true;
                reward[i] = _seeds[i] % 2 == 0 ? 1 : 0;
            }
        }
        return Observe(reward, ended);
    }

    private EnvStep Observe(float[] reward, bool[] ended)
    {
        int n = Spec.NumEnvs, hw = Spec.ImageHeight * Spec.ImageWidth * 3;
        var images = new byte[n * hw];
        var proprio = new float[n * 2];
        for (var i = 0; i < n; i++)
        {
            images.AsSpan(i * hw, hw).Fill((byte)((_seeds[i] + (ulong)_elapsed[i]) % 256));
            proprio[2 * i] = _seeds[i];
            proprio[2 * i + 1] = _elapsed[i];
        }
        var success = _done.Select((d, i) => d && _seeds[i] % 2 == 0).ToArray();
        var terminated = _done.Select((d, i) => d && _seeds[i] % 2 == 0).ToArray();
        var truncated = _done.Select((d, i) => d && _seeds[i] % 2 == 1).ToArray();
        var expert = Enumerable.Range(0, n * 7).Select(k => k % 7 == 6 ? 1f : 0.01f * (k / 7)).ToArray();
        return new EnvStep(n, Spec.ImageHeight, Spec.ImageWidth, images, 2, proprio,
            [.. _tasks.Select(t => $"do {t}")], [.. _tasks], reward, terminated, truncated, success, new bool[n],
            [.. _elapsed], [.. _seeds], expert);
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
