using Robotics.Bridge.Benchmarks;
using Robotics.Bridge.Envs;

namespace Robotics.Bridge.Tests.Benchmarks;

public sealed class BridgeBenchmarkTests
{
    [Fact]
    public async Task StepsPerSecondAsync_InProcess_MeasuresSomeSteps()
    {
        var rate = await BridgeBenchmark.StepsPerSecondAsync(null, new VectorEnvOptions { NumEnvs = 2, Tasks = ["pick_can"], ImageSize = 32 }, seconds: 0.2);

        rate.Should().BePositive().And.NotBe(double.PositiveInfinity);
    }
}
