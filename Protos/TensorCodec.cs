using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Robotics.Sim.V1;

/// <summary>
/// The contract's tensors (<c>{dtype, shape, bytes}</c>, little-endian, row-major) to and from arrays: one codec for
/// both sides of the contract, the bridge's client and the tabletop's server, so they cannot read the bytes differently.
/// </summary>
public static class TensorCodec
{
    static TensorCodec()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The tensor codec assumes a little-endian machine.");
    }

    /// <summary>Wraps <paramref name="data"/> without a copy: the caller hands the array over and must not change it afterwards.</summary>
    public static Tensor Uint8(byte[] data, params long[] shape) =>
        new() { Dtype = DType.Uint8, Shape = { shape }, Data = UnsafeByteOperations.UnsafeWrap(data) };

    /// <summary>Copies <paramref name="data"/>, so the caller may reuse its array.</summary>
    public static Tensor Float32(float[] data, params long[] shape) =>
        new() { Dtype = DType.Float32, Shape = { shape }, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())) };

    /// <summary>A float32 tensor of <paramref name="expectedCount"/> values; <see cref="InvalidDataException"/> naming <paramref name="name"/> otherwise.</summary>
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
