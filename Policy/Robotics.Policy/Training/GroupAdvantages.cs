namespace Robotics.Policy.Training;

/// <summary>
/// GRPO's advantage: each episode's reward normalised within its group of rollouts from the same initial state,
/// A_i = (r_i - mean_g) / (std_g + eps) (Shao et al. 2024, DeepSeekMath, eq. 3; the paper's "normalised reward baseline").
/// A group whose rewards are all equal carries no signal and gets zero advantage.
/// </summary>
public static class GroupAdvantages
{
    public static float[] Compute(IReadOnlyList<float> rewards, IReadOnlyList<int> groups, float eps = 1e-6f)
    {
        if (rewards.Count != groups.Count) throw new ArgumentException($"{rewards.Count} rewards but {groups.Count} group ids");
        var advantages = new float[rewards.Count];
        foreach (var group in Enumerable.Range(0, groups.Count).GroupBy(i => groups[i]))
        {
            var members = group.ToArray();
            var mean = members.Average(i => rewards[i]);
            // Population standard deviation, as GRPO implementations use.
            var std = Math.Sqrt(members.Average(i => (rewards[i] - mean) * (rewards[i] - mean)));
            foreach (var i in members)
            {
                advantages[i] = std < 1e-8 ? 0f : (float)((rewards[i] - mean) / (std + eps));
            }
        }
        return advantages;
    }

    /// <summary>
    /// The advantage each step of episode i carries: A_i * mean(L) / L_i, so every episode weighs the same in a loss
    /// averaged over steps, as GRPO's 1/|o_i| does (DeepSeekMath, eq. 3). Without it a failed episode, which runs to the
    /// step limit, outweighs a short successful one by its length, and the update mostly pushes failed actions down.
    /// </summary>
    public static float[] PerStep(IReadOnlyList<float> advantages, IReadOnlyList<int> episodeSteps)
    {
        if (advantages.Count != episodeSteps.Count) throw new ArgumentException($"{advantages.Count} advantages but {episodeSteps.Count} episode lengths");
        if (episodeSteps.Any(n => n < 1)) throw new ArgumentException("every episode needs at least one step");
        if (advantages.Count == 0) return [];
        var meanSteps = episodeSteps.Average();
        return advantages.Select((a, i) => (float)(a * meanSteps / episodeSteps[i])).ToArray();
    }
}
