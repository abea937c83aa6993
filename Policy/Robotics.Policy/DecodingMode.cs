namespace Robotics.Policy;

/// <summary>How each action token's bin is chosen from its distribution over the 256 bins.</summary>
public enum DecodingMode
{
    /// <summary>The most likely bin (argmax), as OpenVLA is evaluated.</summary>
    Greedy,
    /// <summary>A bin drawn at a temperature (for RL).</summary>
    Sample,
    /// <summary>
    /// The distribution's median bin (where its cumulative probability first reaches one half): deterministic like
    /// <see cref="Greedy"/>, but on a broad distribution over fine bins it follows where the mass is, not its single
    /// highest bin, which can sit far out after RL reshapes a distribution (measured: see the README's RL section).
    /// </summary>
    Median,
}
