using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

/// <summary>Checks that an episode's arrays agree with its step count and sizes.</summary>
internal static class EpisodeShape
{
    public static void Check(Episode e)
    {
        long t = e.Steps;
        Expect(e.Images.LongLength == t * e.ImageHeight * e.ImageWidth * 3, "Images", e.Images.LongLength, $"[{t},{e.ImageHeight},{e.ImageWidth},3]");
        Expect(e.Proprio.LongLength == t * e.ProprioDim, "Proprio", e.Proprio.LongLength, $"[{t},{e.ProprioDim}]");
        Expect(e.Actions.LongLength == t * Episode.ActionDim, "Actions", e.Actions.LongLength, $"[{t},{Episode.ActionDim}]");
        Expect(e.Rewards.LongLength == t, "Rewards", e.Rewards.LongLength, $"[{t}]");
        Expect((e.StepData?.LongLength ?? 0) == t * e.StepDataWidth, "StepData", e.StepData?.LongLength ?? 0, $"[{t},{e.StepDataWidth}]");
    }

    private static void Expect(bool ok, string name, long got, string shape)
    {
        if (!ok) throw new InvalidDataException($"episode {name} has {got} values, expected {shape}");
    }
}
