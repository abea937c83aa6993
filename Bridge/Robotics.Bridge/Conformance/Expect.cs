using Grpc.Core;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

/// <summary>Assertions for checks: each throws <see cref="ConformanceFailure"/> saying what was expected.</summary>
public static class Expect
{
    public static void True(bool condition, string message)
    {
        if (!condition) throw new ConformanceFailure(message);
    }

    public static void Equal<T>(T actual, T expected, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
            throw new ConformanceFailure($"{what}: expected {expected}, got {actual}");
    }

    public static void Sequence<T>(IEnumerable<T> actual, IEnumerable<T> expected, string what)
    {
        var a = actual.ToList();
        var e = expected.ToList();
        if (!a.SequenceEqual(e))
            throw new ConformanceFailure($"{what}: expected [{string.Join(", ", e)}], got [{string.Join(", ", a)}]");
    }

    /// <summary>The tensor has this dtype and shape, and exactly the bytes they imply.</summary>
    public static void Tensor(Tensor? tensor, DType dtype, IReadOnlyList<long> shape, string what)
    {
        if (tensor is null) throw new ConformanceFailure($"{what} is missing");
        Equal(tensor.Dtype, dtype, $"{what} dtype");
        Sequence(tensor.Shape, shape, $"{what} shape");
        var bytes = shape.Aggregate(1L, (a, d) => a * d) * ItemSize(dtype);
        Equal((long)tensor.Data.Length, bytes, $"{what} byte count");
    }

    /// <summary>The call fails with <paramref name="code"/> and a non-empty message.</summary>
    public static async Task StatusAsync(StatusCode code, Func<Task> call, string what)
    {
        try
        {
            await call();
        }
        catch (RpcException error)
        {
            if (error.StatusCode != code)
                throw new ConformanceFailure($"{what}: expected {code}, got {error.StatusCode} ({error.Status.Detail})");
            if (string.IsNullOrWhiteSpace(error.Status.Detail))
                throw new ConformanceFailure($"{what}: {code} came without a message saying what was wrong");
            return;
        }
        throw new ConformanceFailure($"{what}: expected {code}, but the call succeeded");
    }

    private static int ItemSize(DType dtype) => dtype switch
    {
        DType.Uint8 or DType.Bool => 1,
        DType.Int16 => 2,
        DType.Float32 or DType.Int32 => 4,
        _ => throw new ConformanceFailure($"dtype {dtype} is not defined by the contract"),
    };
}
