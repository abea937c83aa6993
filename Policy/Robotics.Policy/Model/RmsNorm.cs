using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Robotics.Policy.Model;

/// <summary>Llama's RMSNorm: x / sqrt(mean(x^2) + eps) * weight, computed in float32.</summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    // Held as Scalars so they stay alive through the native add and pow (see VlaModel.EmbedPrefix); square() is pow(2)
    // with an implicit Scalar that a GC could finalise mid-call ("Unknown scalar type" in pow_Tensor_Scalar).
    private readonly Scalar _eps;
    private static readonly Scalar Two = 2.ToScalar();

    public RmsNorm(long dim, double eps, string name = "rms_norm") : base(name)
    {
        weight = new Parameter(ones(dim));
        _eps = eps.ToScalar();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to_type(ScalarType.Float32);
        var normed = x32 * x32.pow(Two).mean([-1L], keepdim: true).Plus(_eps).rsqrt();   // (..., C)
        return (normed.to_type(x.dtype) * weight).MoveToOuterDisposeScope();
    }
}
