using Robotics.Policy.Actions;

namespace Robotics.Policy.Training;

/// <summary>The shape of an OpenVLA action: 7 tokens, each one of 256 bins.</summary>
public static class ActionBins
{
    public const int Tokens = ActionTokenizer.ActionDim;
    public const int Bins = ActionTokenizer.Bins;

    /// <summary>
    /// Which tokens RL samples when rotation is not explored: translation (0-2) and gripper (6). The tabletop's experts
    /// barely rotate, so rotation bins are unnormalised and one off-centre token turns the hand by >= 0.0078 rad, many
    /// standard deviations beyond anything the base saw; sampled episodes that rotated past 0.02 rad all failed.
    /// </summary>
    public static readonly IReadOnlyList<bool> TranslationAndGripper = [true, true, true, false, false, false, true];

    /// <summary>Every token sampled (plain sampling).</summary>
    public static readonly IReadOnlyList<bool> All = [true, true, true, true, true, true, true];
}
