using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>
/// Tensor sums whose Scalar operands outlive the native call. TorchSharp 0.107's <c>a + b</c> makes an implicit Scalar
/// (the alpha of 1, or the added number) and passes only its handle, so a GC that finalises it mid-call frees it under
/// libtorch: CI runs crashed in <c>Scalar::toFloat</c> inside THSTensor_add on the decoder's residual sum. Adding a held
/// Scalar (<c>x + eps</c>) still makes the alpha implicitly. The model's per-step paths add through these (TorchSharp's <c>sub</c> takes no alpha).
/// </summary>
internal static class HeldScalarOps
{
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/>, with the alpha of 1 held.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><paramref name="a"/> + <paramref name="b"/> for a Scalar the caller holds, with the alpha of 1 held.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, One);

    /// <summary><paramref name="a"/> + <paramref name="offset"/>, with the offset and the alpha held until the call returns.</summary>
    public static Tensor Plus(this Tensor a, long offset)
    {
        using var held = offset.ToScalar();
        return a.add(held, One);
    }
}
