namespace Robotics.Policy.Training;

/// <summary>
/// One sampled episode as the RL methods learn from it: its steps (each with the 7 bins taken and their log-probabilities
/// under the acting policy), how it ended, and the layout it started from.
/// </summary>
/// <param name="ShapedRewards">The simulator's potential-based shaping term per step (PPO's dense reward), or null when it sent none.</param>
public sealed record Rollout(
    string Task,
    ulong LayoutSeed,
    IReadOnlyList<Transition> Steps,
    bool Success,
    bool PhysicsError,
    int ImageHeight,
    int ImageWidth,
    int ProprioDim,
    IReadOnlyList<float>? ShapedRewards = null)
{
    /// <summary>Steps of rollouts that share this one's image size and proprio width, as one set to gather minibatches from.</summary>
    public TransitionSet SetOf(IReadOnlyList<Transition> steps) => new(steps, ImageHeight, ImageWidth, ProprioDim);
}
