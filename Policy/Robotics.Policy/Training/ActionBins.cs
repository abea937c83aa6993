namespace Robotics.Policy.Training;

/// <summary>The shape of an OpenVLA action: 7 tokens, each one of 256 bins.</summary>
public static class ActionBins
{
    public const int Tokens = 7;
    public const int Bins = 256;
}
