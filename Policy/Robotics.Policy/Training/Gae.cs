namespace Robotics.Policy.Training;

/// <summary>
/// Generalised advantage estimation for one episode (Schulman et al. 2016, eq. 16):
/// delta_t = r_t + gamma V(s_{t+1}) (1 - done_t) - V(s_t),  A_t = delta_t + gamma lambda (1 - done_t) A_{t+1}.
/// </summary>
public static class Gae
{
    /// <param name="rewards">r_t, one per step.</param>
    /// <param name="values">V(s_t), one per step.</param>
    /// <param name="bootstrapValue">V of the state after the last step; 0 when the episode terminated.</param>
    /// <returns>Advantages and returns (A_t + V(s_t)).</returns>
    public static (float[] Advantages, float[] Returns) Compute(
        IReadOnlyList<float> rewards, IReadOnlyList<float> values, float bootstrapValue, double gamma, double lambda)
    {
        if (rewards.Count != values.Count) throw new ArgumentException($"{rewards.Count} rewards but {values.Count} values");
        var n = rewards.Count;
        var advantages = new float[n];
        var returns = new float[n];
        double next = 0;
        for (var t = n - 1; t >= 0; t--)
        {
            var nextValue = t == n - 1 ? bootstrapValue : values[t + 1];
            var delta = rewards[t] + gamma * nextValue - values[t];
            next = delta + gamma * lambda * next;
            advantages[t] = (float)next;
            returns[t] = (float)(next + values[t]);
        }
        return (advantages, returns);
    }
}
