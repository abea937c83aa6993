using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Robotics.Tabletop.Server;

/// <summary>
/// The server's sessions, isolated per client by an unguessable id. A session idle for longer than the lease is
/// closed and its envs freed; closed and expired ids are remembered (bounded) so a late call gets a clear
/// FAILED_PRECONDITION instead of NOT_FOUND.
/// </summary>
internal sealed partial class SessionStore(TabletopServerOptions options, TimeProvider time, ILogger<SessionStore> logger) : IDisposable
{
    private const int RememberedEnded = 4096;
    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private readonly ConcurrentDictionary<string, string> _ended = new();
    private readonly ConcurrentQueue<string> _endedOrder = new();

    public TimeSpan Lease => options.SessionLease;

    public int Count => _sessions.Count;

    public Session Add(string clientName, TabletopVectorEnv env, IReadOnlyList<string> cameras)
    {
        var session = new Session(Guid.NewGuid().ToString("N"), clientName, env, cameras, time.GetUtcNow());
        _sessions[session.Id] = session;
        LogOpened(logger, session.Id, clientName, env.NumEnvs, string.Join(",", env.Options.Tasks));
        return session;
    }

    /// <summary>The live session with this id (its lease renewed); throws NOT_FOUND, saying whether it was closed, expired or never opened (the Python adapter answers alike).</summary>
    public Session Get(string id)
    {
        if (string.IsNullOrEmpty(id))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "session_id is empty; call OpenSession first."));
        if (_sessions.TryGetValue(id, out var session))
        {
            session.Touch(time.GetUtcNow());
            return session;
        }
        if (_ended.TryGetValue(id, out var why))
            throw new RpcException(new Status(StatusCode.NotFound, $"session {id} {why}; open a new session."));
        throw new RpcException(new Status(StatusCode.NotFound, $"unknown session {id}."));
    }

    public bool Close(string id, string why)
    {
        if (!_sessions.TryRemove(id, out var session)) return false;
        Remember(id, why);
        // Wait for a call in flight on this session before freeing its envs.
        session.Gate.Wait();
        session.Dispose();
        LogClosed(logger, id, why);
        return true;
    }

    /// <summary>Closes every session idle for longer than the lease; returns how many.</summary>
    public int ExpireIdle()
    {
        var now = time.GetUtcNow();
        var expired = 0;
        foreach (var (id, session) in _sessions)
        {
            if (now - session.LastUsed > options.SessionLease
                && Close(id, $"expired after {options.SessionLease.TotalSeconds:0.#} s without a call (session lease)"))
                expired++;
        }
        return expired;
    }

    private void Remember(string id, string why)
    {
        _ended[id] = why;
        _endedOrder.Enqueue(id);
        while (_endedOrder.Count > RememberedEnded && _endedOrder.TryDequeue(out var old))
            _ended.TryRemove(old, out _);
    }

    public void Dispose()
    {
        foreach (var id in _sessions.Keys) Close(id, "was closed because the server stopped");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "session {SessionId} opened by '{Client}': {NumEnvs} envs, tasks {Tasks}")]
    private static partial void LogOpened(ILogger logger, string sessionId, string client, int numEnvs, string tasks);

    [LoggerMessage(Level = LogLevel.Information, Message = "session {SessionId} {Why}")]
    private static partial void LogClosed(ILogger logger, string sessionId, string why);
}
