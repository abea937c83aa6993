using System.Runtime.InteropServices;
using Grpc.Core;
using Robotics.Sim.V1;

namespace Robotics.Tabletop.Server;

/// <summary>
/// Between <see cref="EnvStep"/> and the contract's messages: a StepRequest's actions checked and read, a batch
/// as a StepResult. The tensors themselves go through the contract's <see cref="TensorCodec"/>.
/// </summary>
internal static class BatchMessages
{
    /// <summary>The actions of a StepRequest as float32 [N*7]; INVALID_ARGUMENT naming what is wrong.</summary>
    public static ReadOnlySpan<float> Actions(Tensor? tensor, int numEnvs)
    {
        var dim = ActionSpace.Dim;
        if (tensor is null)
            throw Invalid($"actions are missing; send float32 [{numEnvs},{dim}].");
        if (tensor.Dtype != DType.Float32)
            throw Invalid($"actions must have dtype DTYPE_FLOAT32, got {tensor.Dtype}.");
        if (tensor.Shape.Count != 2 || tensor.Shape[0] != numEnvs || tensor.Shape[1] != dim)
            throw Invalid($"actions must have shape [{numEnvs},{dim}], got [{string.Join(",", tensor.Shape)}].");
        if (tensor.Data.Length != numEnvs * dim * sizeof(float))
            throw Invalid($"actions data holds {tensor.Data.Length} bytes; shape [{numEnvs},{dim}] float32 needs {numEnvs * dim * sizeof(float)}.");
        return MemoryMarshal.Cast<byte, float>(tensor.Data.Span);
    }

    public static StepResult ToResult(EnvStep batch, IReadOnlyList<string> cameras)
    {
        var n = batch.NumEnvs;
        var result = new StepResult
        {
            Proprio = TensorCodec.Float32(batch.Proprio, n, batch.ProprioDim),
            Instructions = { batch.Instructions },
            Tasks = { batch.Tasks },
            Reward = { batch.Reward },
            Terminated = { batch.Terminated },
            Truncated = { batch.Truncated },
            Success = { batch.Success },
            ElapsedSteps = { batch.ElapsedSteps },
            PhysicsError = { batch.PhysicsError },
            EpisodeSeeds = { batch.EpisodeSeeds },
        };
        foreach (var camera in cameras)
        {
            var images = camera == CameraNames.Wrist ? batch.WristImages! : batch.Images;
            result.Images[camera] = TensorCodec.Uint8(images, n, batch.ImageHeight, batch.ImageWidth, 3); // batches are fresh arrays: wrapped, not copied
        }
        // The tabletop always has both; the record admits backends without.
        if (batch.ExpertActions is { } expert) result.Extras[StepExtras.ExpertAction] = TensorCodec.Float32(expert, n, ActionSpace.Dim);
        if (batch.ShapedReward is { } shaped) result.Extras[StepExtras.ShapedReward] = TensorCodec.Float32(shaped, n);
        foreach (var (style, actions) in batch.StyledExpertActions)
            result.Extras[StepExtras.StyledExpertPrefix + style] = TensorCodec.Float32(actions, n, ActionSpace.Dim);
        return result;
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
