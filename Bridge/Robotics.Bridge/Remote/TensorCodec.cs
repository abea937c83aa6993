using System.Runtime.InteropServices;
using Google.Protobuf;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Remote;

/// <summary>Contract tensors (<c>{dtype, shape, bytes}</c>, little-endian, row-major) to and from arrays.</summary>
internal static class TensorCodec
{
    public static Tensor Float32(float[] values, params long[] shape) => new()
    {
        Dtype = DType.Float32,
        Shape = { shape },
        Data = UnsafeByteOperations.UnsafeWrap(MemoryMarshal.AsBytes(values.AsSpan()).ToArray()),
    };

    public static float[] ToFloat32(Tensor tensor, long expectedCount, string name)
    {
        Expect(tensor, DType.Float32, expectedCount * sizeof(float), name);
        return MemoryMarshal.Cast<byte, float>(tensor.Data.Span).ToArray();
    }

    /// <summary>The bytes without a copy when protobuf parsed them into an array of their own (the usual case).</summary>
    public static byte[] ToUInt8(Tensor tensor, long expectedCount, string name)
    {
        Expect(tensor, DType.Uint8, expectedCount, name);
        return MemoryMarshal.TryGetArray(tensor.Data.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : tensor.Data.ToByteArray();
    }

    private static void Expect(Tensor tensor, DType dtype, long bytes, string name)
    {
        if (tensor.Dtype != dtype)
            throw new InvalidDataException($"Simulator sent {name} as {tensor.Dtype}; the contract says {dtype}.");
        if (tensor.Data.Length != bytes)
            throw new InvalidDataException($"Simulator sent {tensor.Data.Length} bytes of {name} (shape [{string.Join(",", tensor.Shape)}]); expected {bytes}.");
    }
}
