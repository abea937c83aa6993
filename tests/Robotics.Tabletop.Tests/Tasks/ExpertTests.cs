using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Tests.Tasks;

public class ExpertTests
{
    public static TheoryData<string> TaskIds => new(TaskSuite.All.Select(t => t.Id));

    [Theory]
    [MemberData(nameof(TaskIds))]
    public void Expert_FixedSeeds_Succeeds(string task)
    {
        ulong[] seeds = [7, 42, 1234];
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = seeds.Length, Tasks = [task] });

        var batch = Rollouts.Run(env, seeds, b => b.ExpertActions!);

        batch.Success.Should().AllBeEquivalentTo(true, $"the {task} expert solves seeds {string.Join(",", seeds)}");
        batch.PhysicsError.Should().AllBeEquivalentTo(false);
        batch.ElapsedSteps.Should().OnlyContain(steps => steps <= TaskSuite.Get(task).MaxEpisodeSteps);
    }

    [Theory]
    [InlineData("pick_can")]
    [InlineData("open_drawer")]
    [InlineData("put_on_plate")]
    public void RandomPolicy_MostlyFails(string task)
    {
        var seeds = Enumerable.Range(100, 8).Select(i => (ulong)i).ToArray();
        using var env = TabletopVectorEnv.Create(new TabletopOptions { NumEnvs = seeds.Length, Tasks = [task] });
        var random = new Random(5);

        var batch = Rollouts.Run(env, seeds, b => Enumerable.Range(0, b.NumEnvs * 7)
            .Select(k => k % 7 == 6 ? random.NextSingle() : (random.NextSingle() * 2 - 1) * (k % 7 < 3 ? 0.03f : 0.3f)).ToArray());

        batch.Success.Count(s => s).Should().BeLessThanOrEqualTo(1);
        batch.Truncated.Count(t => t).Should().BeGreaterThanOrEqualTo(7);
    }
}
