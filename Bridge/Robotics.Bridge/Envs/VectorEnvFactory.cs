namespace Robotics.Bridge;

/// <summary>Opens a vector env from a simulator address (or none: the embedded tabletop in-process).</summary>
public static class VectorEnvFactory
{
    /// <summary>
    /// <paramref name="simUrls"/>: null or empty = the MuJoCo tabletop in this process; <c>http://a:1</c> = one server;
    /// <c>http://a:1,http://b:2</c> = the envs spread over several servers, stepped concurrently, results in env order;
    /// <c>dns:///host:port</c> = the addresses behind a DNS name (a Kubernetes headless service), round-robin balanced.
    /// </summary>
    public static Task<IVectorEnv> CreateAsync(string? simUrls, VectorEnvOptions options, CancellationToken ct = default)
        => throw new NotImplementedException();
}
