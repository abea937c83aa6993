namespace Robotics.Policy.Training;

/// <summary>
/// One policy step as the learners see it: the observation, the 7 action bins taken (head indices 0..255),
/// and what the RL methods attach (log-probabilities under the acting policy, advantage, return, value).
/// </summary>
public sealed record Transition(
    byte[] Image,
    float[] Proprio,
    string Instruction,
    int[] Bins,
    string Task = "",
    float[]? OldLogProbs = null,
    float Advantage = 0f,
    float Return = 0f,
    float Value = 0f);
