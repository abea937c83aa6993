using Grpc.Core;
using Robotics.Bridge.Faults;

namespace Robotics.Bridge.Remote;

/// <summary>Turns gRPC failures into errors that say which simulator failed, doing what, and what to do.</summary>
internal static class RpcFaults
{
    public static Exception Translate(RpcException e, string endpoint, string operation, CancellationToken ct)
    {
        var detail = string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : $"{e.StatusCode}: {e.Status.Detail}";
        return e.StatusCode switch
        {
            StatusCode.Cancelled when ct.IsCancellationRequested => new OperationCanceledException($"{operation} on {endpoint} was cancelled.", e, ct),
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => new UnauthorizedAccessException(
                $"Simulator at {endpoint} refused {operation} ({detail}). Give the server's token (--token or ROBOTICS_SIM_TOKEN).", e),
            StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition => new ArgumentException(
                $"Simulator at {endpoint} rejected {operation}: {detail}", e),
            // Before a session exists NOT_FOUND means an unknown task, not a lost session.
            StatusCode.NotFound when !operation.Contains("session ", StringComparison.Ordinal) => new ArgumentException(
                $"Simulator at {endpoint} rejected {operation}: {detail}", e),
            StatusCode.ResourceExhausted or StatusCode.Unimplemented => new InvalidOperationException(
                $"Simulator at {endpoint} cannot serve {operation}: {detail}", e),
            // NOT_FOUND: the server lost the session (restarted, or the lease expired): as good as gone.
            _ => new SimulatorUnavailableException(endpoint, operation, detail, e),
        };
    }
}
