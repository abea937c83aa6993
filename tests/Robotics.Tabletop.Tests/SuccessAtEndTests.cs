using Robotics.Sim.V1;

namespace Robotics.Tabletop.Tests;

/// <summary>
/// Success scored once (the episode ends at its first success) against at the end (it runs to its limit and its last
/// step is scored, SimplerEnv's way): the same actions, a success the policy then undoes, two verdicts.
/// </summary>
public class SuccessAtEndTests
{
    private const ulong Seed = 5;
    private const int Limit = 60;

    [Fact]
    public void SuccessOnce_EndsTheEpisodeAtTheFirstSuccess()
    {
        using var env = Create(successAtEnd: false);
        var (batch, steps) = RunExpertToSuccess(env);

        batch.Terminated[0].Should().BeTrue();
        batch.Reward[0].Should().Be(1f);
        env.Step(Release).ElapsedSteps[0].Should().Be(steps, "a finished env stays frozen");
    }

    [Fact]
    public void SuccessAtEnd_RunsPastTheSuccess_AndScoresTheLastStep()
    {
        using var env = Create(successAtEnd: true);
        var (batch, steps) = RunExpertToSuccess(env);
        batch.Terminated[0].Should().BeFalse("success does not end the episode");
        batch.Truncated[0].Should().BeFalse();

        // Open the hand and hold still: the can drops, so the episode that once succeeded ends a failure.
        var elapsed = steps;
        while (!batch.Truncated[0] && !batch.Terminated[0])
        {
            batch = env.Step(Release);
            elapsed++;
        }

        batch.Truncated[0].Should().BeTrue();
        batch.Terminated[0].Should().BeFalse();
        elapsed.Should().Be(Limit);
        batch.ElapsedSteps[0].Should().Be(Limit);
        batch.Success[0].Should().BeFalse("the can was let go before the last step");
    }

    private static float[] Release => [0, 0, 0, 0, 0, 0, 1];

    private static TabletopVectorEnv Create(bool successAtEnd) => TabletopVectorEnv.Create(new TabletopOptions
    {
        NumEnvs = 1, Tasks = ["pick_can"], MaxEpisodeSteps = Limit, SuccessAtEnd = successAtEnd,
    });

    private static (EnvStep Batch, int Steps) RunExpertToSuccess(TabletopVectorEnv env)
    {
        var batch = env.Reset(null, [Seed]);
        for (var step = 1; step <= Limit; step++)
        {
            batch = env.Step(batch.ExpertActions!);
            if (batch.Success[0]) return (batch, step);
        }
        throw new InvalidOperationException($"the expert did not succeed within {Limit} steps on seed {Seed}");
    }
}
