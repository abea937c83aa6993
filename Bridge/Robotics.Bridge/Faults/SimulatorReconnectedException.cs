namespace Robotics.Bridge.Faults;

/// <summary>
/// The simulator went away and the env reconnected (a new session): every env's episode in flight is lost and all
/// envs must be reset before the next step. Thrown by envs opened with <see cref="VectorEnvOptions.Retries"/> &gt; 0.
/// </summary>
internal sealed class SimulatorReconnectedException : SimulatorUnavailableException
{
    public SimulatorReconnectedException(string endpoint, string operation, int attempt, Exception inner)
        : base(endpoint, operation, $"reconnected (attempt {attempt}); all envs must be reset. Cause: {inner.Message}", inner)
    {
        Attempt = attempt;
    }

    /// <summary>Which reconnect this was (1-based).</summary>
    public int Attempt { get; }
}
