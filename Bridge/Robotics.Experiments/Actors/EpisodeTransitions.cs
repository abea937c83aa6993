using Robotics.Policy;
using Robotics.Policy.Training;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Actors;

/// <summary>Turns bridge episodes into the policy's training transitions (the adapter between the two sides).</summary>
internal static class EpisodeTransitions
{
    /// <summary>Demonstrations: the recorded (expert) actions become the target bins under the policy's normaliser.</summary>
    public static List<Transition> FromDemonstration(Episode episode, VlaPolicy policy)
    {
        var bins = policy.ActionsToBins(episode.Actions);
        return Build(episode, t => bins.AsSpan(t * ActionBins.Tokens, ActionBins.Tokens).ToArray(), _ => null);
    }

    /// <summary>Rollouts of a <see cref="PolicyActor"/>: bins and log-probabilities from its per-step data.</summary>
    public static List<Transition> FromRollout(Episode episode, float advantage = 0f)
    {
        var steps = episode.ActorSteps
            ?? throw new ArgumentException($"episode {episode.Task}/{episode.Seed} was not collected by a PolicyActor (no bins and log-probabilities)");
        return Build(episode, t => steps[t].Bins, t => steps[t].LogProbs)
            .Select(x => x with { Advantage = advantage }).ToList();
    }

    private static List<Transition> Build(Episode episode, Func<int, int[]> bins, Func<int, float[]?> logProbs)
    {
        var imageBytes = episode.ImageHeight * episode.ImageWidth * 3;
        var list = new List<Transition>(episode.Steps);
        for (var t = 0; t < episode.Steps; t++)
        {
            list.Add(new Transition(
                episode.Images.AsSpan(t * imageBytes, imageBytes).ToArray(),
                episode.Proprio.AsSpan(t * episode.ProprioDim, episode.ProprioDim).ToArray(),
                episode.Instruction,
                bins(t),
                episode.Task,
                logProbs(t)));
        }
        return list;
    }

    /// <summary>The demonstration steps of several episodes as one training set (they share one image size and proprio width).</summary>
    public static TransitionSet FromDemonstrations(IReadOnlyList<Episode> episodes, VlaPolicy policy)
    {
        if (episodes.Count == 0) throw new ArgumentException("no demonstration episodes to learn from");
        return ToSet(episodes.SelectMany(e => FromDemonstration(e, policy)).ToList(), episodes[0]);
    }

    public static TransitionSet ToSet(IReadOnlyList<Transition> transitions, Episode shape) =>
        new(transitions, shape.ImageHeight, shape.ImageWidth, shape.ProprioDim);
}
