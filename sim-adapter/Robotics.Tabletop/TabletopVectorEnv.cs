namespace Robotics.Tabletop;

/// <summary>
/// N tabletop envs stepped together in-process: one shared MuJoCo model, one mjData per env, one GL context
/// rendering them all. Actions are float32 [N,7]: delta x,y,z (m, world frame, clipped to ±3 cm per axis),
/// delta roll,pitch,yaw (rad, world frame, clipped to ±0.3), gripper absolute in [0,1] (1 open, 0 closed;
/// values in between open the fingers proportionally). Finished envs stay frozen until reset.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class TabletopVectorEnv : IDisposable
{
    private TabletopVectorEnv(TabletopOptions options)
    {
        Options = options;
    }

    /// <summary>Creates N envs; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public static TabletopVectorEnv Create(TabletopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        throw new NotImplementedException("The MuJoCo tabletop is being built (issue 4).");
    }

    public int NumEnvs => Options.NumEnvs;

    public TabletopOptions Options { get; }

    public int ProprioDim => ProprioNames.Count;

    public IReadOnlyList<string> ProprioNames { get; } = ["tcp_x", "tcp_y", "tcp_z", "roll", "pitch", "yaw", "finger_opening"];

    /// <summary>
    /// Resets the envs in <paramref name="envIds"/> (null or empty = all) with one seed each (null = derived from
    /// <see cref="TabletopOptions.Seed"/> and a reset counter) and optionally a new task each. The result covers all N envs.
    /// </summary>
    public TabletopBatch Reset(IReadOnlyList<int>? envIds, IReadOnlyList<ulong>? seeds, IReadOnlyList<string>? tasks = null)
        => throw new NotImplementedException();

    /// <summary>Applies one action per env (float32 [N*7]) and advances the running envs by one 10 Hz control step.</summary>
    public TabletopBatch Step(ReadOnlySpan<float> actions) => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
