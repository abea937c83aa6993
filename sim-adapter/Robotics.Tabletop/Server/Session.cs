namespace Robotics.Tabletop.Server;

/// <summary>One client's batch of envs. Calls on a session are serialised by <see cref="Gate"/>.</summary>
internal sealed class Session(string id, string clientName, TabletopVectorEnv env, IReadOnlyList<string> cameras, DateTimeOffset now) : IDisposable
{
    public string Id { get; } = id;
    public string ClientName { get; } = clientName;
    public TabletopVectorEnv Env { get; } = env;
    /// <summary>Camera names the client asked for ("front", "wrist"), in its order.</summary>
    public IReadOnlyList<string> Cameras { get; } = cameras;
    public SemaphoreSlim Gate { get; } = new(1, 1);
    private long _lastUsedTicks = now.UtcTicks;

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    public void Dispose()
    {
        Env.Dispose();
        Gate.Dispose();
    }
}
