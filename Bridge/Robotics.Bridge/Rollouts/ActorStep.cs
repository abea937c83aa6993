namespace Robotics.Bridge.Rollouts;

/// <summary>
/// What a learning actor chose at one step of one env, stored with the step: the token bin taken for each action
/// dimension (head indices 0..255) and its log-probability under the acting policy (what GRPO's and PPO's ratios need).
/// </summary>
/// <param name="Bins">int [<see cref="Episode.ActionDim"/>], one bin per action dimension.</param>
/// <param name="LogProbs">float32 [<see cref="Episode.ActionDim"/>], the log-probability of each bin in <paramref name="Bins"/>.</param>
public sealed record ActorStep(int[] Bins, float[] LogProbs);
