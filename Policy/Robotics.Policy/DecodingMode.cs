namespace Robotics.Policy;

/// <summary>Greedy (argmax, for evaluation) or sampling at a temperature (for RL).</summary>
public enum DecodingMode
{
    Greedy,
    Sample,
}
