namespace Robotics.Bridge.Faults;

/// <summary>A simulator stopped answering: names the endpoint and what the client was doing when it happened.</summary>
public class SimulatorUnavailableException : Exception
{
    public SimulatorUnavailableException(string endpoint, string operation, string detail, Exception? inner = null)
        : base($"Simulator at {endpoint} is unavailable during {operation}: {detail}", inner)
    {
        Endpoint = endpoint;
        Operation = operation;
    }

    /// <summary>The address that failed, e.g. <c>http://127.0.0.1:50051</c>.</summary>
    public string Endpoint { get; }

    /// <summary>What the client was doing, e.g. <c>Step (session 3f2a, 16 envs)</c>.</summary>
    public string Operation { get; }
}
