namespace Robotics.Tabletop.Server;

/// <summary>The cameras the tabletop offers through the contract.</summary>
internal static class CameraNames
{
    public const string Front = "front", Wrist = "wrist";
    public const int DefaultSize = 64;
}
