namespace Robotics.Experiments.FineTuning;

public enum FineTuneMethod
{
    /// <summary>Supervised fine-tuning on new-task demonstrations (optionally with replay of prior-task demos).</summary>
    Sft,
    /// <summary>SFT + beta * forward KL to the base: the paper's remedy.</summary>
    KlSft,
    /// <summary>GRPO / REINFORCE with a group-normalised binary success reward: the paper's RL.</summary>
    Grpo,
    /// <summary>PPO with a value head and GAE: RL4VLA's RL.</summary>
    Ppo,
    /// <summary>The paper's hybrid: a short SFT warm start on the demos (stopped by the KL budget when one is given), then GRPO from there.</summary>
    Hybrid,
}
