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
        if (e.ActorSteps is not { } steps) return;
        Expect(steps.Count == t, "ActorSteps", steps.Count, $"[{t}]");
        foreach (var s in steps)
        {
            Expect(s.Bins.Length == Episode.ActionDim, "ActorSteps bins", s.Bins.Length, $"[{Episode.ActionDim}] a step");
            Expect(s.LogProbs.Length == Episode.ActionDim, "ActorSteps log-probabilities", s.LogProbs.Length, $"[{Episode.ActionDim}] a step");
        }
    }

    private static void Expect(bool ok, string name, long got, string shape)
    {
        if (!ok) throw new InvalidDataException($"episode {name} has {got} values, expected {shape}");
    }
}
