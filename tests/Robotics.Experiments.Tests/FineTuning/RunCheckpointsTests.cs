using Robotics.Experiments.FineTuning;

namespace Robotics.Experiments.Tests.FineTuning;

public class RunCheckpointsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("run-checkpoints-").FullName;

    [Fact]
    public void Latest_SkipsACheckpointWhoseOptimizerStateWasNeverWritten()
    {
        var checkpoints = new RunCheckpoints(_dir);
        Directory.CreateDirectory(checkpoints.PathFor(100));
        File.WriteAllText(Path.Combine(checkpoints.PathFor(100), RunCheckpoints.OptimizerFile), "x");
        // A crash between writing the policy and the optimizer state leaves step 200 incomplete.
        Directory.CreateDirectory(checkpoints.PathFor(200));

        checkpoints.Latest()!.Value.Step.Should().Be(100);
    }

    [Fact]
    public void Latest_EmptyRun_IsNull() => new RunCheckpoints(Path.Combine(_dir, "none")).Latest().Should().BeNull();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
