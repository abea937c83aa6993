using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Robotics.Sim.V1;

namespace Robotics.Tabletop.Server;

/// <summary>Between <see cref="EnvStep"/> arrays and the contract's little-endian, row-major tensors.</summary>
internal static class TensorCodec
{
    static TensorCodec()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The tensor codec assumes a little-endian machine.");
    }

    public static Tensor Uint8(byte[] data, params long[] shape) =>
        new() { Dtype = DType.Uint8, Shape = { shape }, Data = UnsafeByteOperations.UnsafeWrap(data) }; // batches are fresh arrays

    public static Tensor Float32(float[] data, params long[] shape) =>
        new() { Dtype = DType.Float32, Shape = { shape }, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())) };

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

    /// <summary>The extra that carries the task's shaping term Phi(s') - Phi(s), float32 [N] (the bridge reads it by this name).</summary>
    public const string ShapedRewardExtra = "shaped_reward";

    public static StepResult ToResult(EnvStep batch, IReadOnlyList<string> cameras)
    {
        var n = batch.NumEnvs;
        var result = new StepResult
        {
            Proprio = Float32(batch.Proprio, n, batch.ProprioDim),
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
            result.Images[camera] = Uint8(images, n, batch.ImageHeight, batch.ImageWidth, 3);
        }
        // The tabletop always has both; the record admits backends without.
        if (batch.ExpertActions is { } expert) result.Extras["expert_action"] = Float32(expert, n, ActionSpace.Dim);
        if (batch.ShapedReward is { } shaped) result.Extras[ShapedRewardExtra] = Float32(shaped, n);
        return result;
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
