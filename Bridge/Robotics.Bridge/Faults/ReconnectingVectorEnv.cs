using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Robotics.Bridge.Envs;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Faults;

/// <summary>
/// Wraps a remote env so that a simulator failure is followed by reconnecting (a new session, with exponential
/// backoff, at most <c>retries</c> attempts, through Polly). After a reconnect the call throws
/// <see cref="SimulatorReconnectedException"/>: the episodes in flight are gone and the caller resets every env.
/// If every attempt fails the original failure is thrown.
/// </summary>
internal sealed partial class ReconnectingVectorEnv : IVectorEnv
{
    private readonly Func<CancellationToken, Task<IVectorEnv>> _connect;
    private readonly ResiliencePipeline _reconnect;
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private IVectorEnv _inner;

    private ReconnectingVectorEnv(IVectorEnv inner, string endpoint, Func<CancellationToken, Task<IVectorEnv>> connect, int retries, TimeSpan firstDelay, ILogger logger)
    {
        _inner = inner;
        _endpoint = endpoint;
        _connect = connect;
        _logger = logger;
        Retries = retries;
        var builder = new ResiliencePipelineBuilder();
        if (retries > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SimulatorUnavailableException>(),
                MaxRetryAttempts = retries - 1,
                Delay = firstDelay,
                BackoffType = DelayBackoffType.Exponential,
                OnRetry = args =>
                {
                    LogRetry(_logger, _endpoint, args.AttemptNumber + 2, Retries, args.Outcome.Exception?.Message);
                    return default;
                },
            });
        }
        _reconnect = builder.Build();
    }

    public int Retries { get; }

    public EnvSpec Spec => _inner.Spec;

    public static async Task<IVectorEnv> ConnectAsync(string endpoint, Func<CancellationToken, Task<IVectorEnv>> connect, int retries,
        CancellationToken ct, TimeSpan? firstDelay = null, ILogger? logger = null)
    {
        var inner = await connect(ct);
        return new ReconnectingVectorEnv(inner, endpoint, connect, retries, firstDelay ?? TimeSpan.FromMilliseconds(500), logger ?? NullLogger.Instance);
    }

    public Task<EnvStep> ResetAsync(IReadOnlyList<int>? envIds = null, IReadOnlyList<ulong>? seeds = null,
        IReadOnlyList<string>? tasks = null, CancellationToken ct = default)
        => GuardAsync(() => _inner.ResetAsync(envIds, seeds, tasks, ct), ct);

    public Task<EnvStep> StepAsync(float[] actions, CancellationToken ct = default)
        => GuardAsync(() => _inner.StepAsync(actions, ct), ct);

    private async Task<EnvStep> GuardAsync(Func<Task<EnvStep>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (SimulatorUnavailableException failure) when (failure is not SimulatorReconnectedException && Retries > 0)
        {
            LogLost(_logger, failure.Endpoint, failure.Operation, failure.Message);
            try { await _inner.DisposeAsync(); } catch (Exception) { }
            var attempts = 0;
            try
            {
                _inner = await _reconnect.ExecuteAsync(async token => { attempts++; return await _connect(token); }, ct);
            }
            catch (SimulatorUnavailableException)
            {
                throw new SimulatorUnavailableException(failure.Endpoint, failure.Operation,
                    $"{failure.Message} (and {attempts} reconnect attempt(s) failed)", failure);
            }
            LogReconnected(_logger, _endpoint, attempts);
            throw new SimulatorReconnectedException(failure.Endpoint, failure.Operation, attempts, failure);
        }
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator {Endpoint} lost during {Operation}: {Reason}; reconnecting")]
    private static partial void LogLost(ILogger logger, string endpoint, string operation, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator {Endpoint}: reconnect attempt {Attempt} of {Retries} after: {Reason}")]
    private static partial void LogRetry(ILogger logger, string endpoint, int attempt, int retries, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator {Endpoint}: reconnected after {Attempts} attempt(s); envs start fresh")]
    private static partial void LogReconnected(ILogger logger, string endpoint, int attempts);
}
