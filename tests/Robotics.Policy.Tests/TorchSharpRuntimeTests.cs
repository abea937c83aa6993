using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests;

public class TorchSharpRuntimeTests
{
    [Fact]
    public void MatmulAndBackward_OnThisMachine_ComputeTheAnalyticGradient()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }, requires_grad: true);
        var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });

        var product = a.matmul(b);            // [[19, 22], [43, 50]]
        product.sum().backward();

        product.data<float>().ToArray().Should().Equal(19f, 22f, 43f, 50f);
        // d(sum(A B))/dA = 1 B^T: each row holds B's row sums.
        a.grad!.data<float>().ToArray().Should().Equal(11f, 15f, 11f, 15f);
    }
}
