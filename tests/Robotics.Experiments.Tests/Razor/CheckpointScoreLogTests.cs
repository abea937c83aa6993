using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Tests.Razor;

public sealed class CheckpointScoreLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scores-").FullName;

    [Fact]
    public void Read_AfterACrashMidWrite_KeepsWholeLinesUpToTheLastCompleteCheckpoint()
    {
        CheckpointScoreLog.Append(_dir, ScoreFixtures.Checkpoint("sft", 75, 0.4, 0.8, 1.5));
        CheckpointScoreLog.Append(_dir, ScoreFixtures.Checkpoint("sft", 150, 0.7, 0.5, double.NaN));
        CheckpointScoreLog.Append(_dir, ScoreFixtures.Checkpoint("sft", 225, 0.9, 0.3, 6.0));
        File.AppendAllText(Path.Combine(_dir, CheckpointScoreLog.FileName), "{\"Run\":\"sft-run\",\"Me");   // torn by the crash

        var kept = CheckpointScoreLog.Read(_dir, upToStep: 150);

        kept.Select(s => s.Step).Should().Equal(75, 150);
        kept[0].NewTask.Successes.Should().Be(8);
        kept[0].HeldOut["open_drawer"].Successes.Should().Be(16);
        double.IsNaN(kept[1].ForwardKl).Should().BeTrue("a NaN measurement survives the round trip");
    }

    [Fact]
    public void Read_NoLog_IsEmpty() => CheckpointScoreLog.Read(_dir, 1000).Should().BeEmpty();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
