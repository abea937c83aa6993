namespace Robotics.Tabletop.Physics;

/// <summary>Sizes from Scene/tabletop.xml that tasks and experts reason with (metres). Keep in sync with the MJCF.</summary>
internal static class Geometry
{
    public const double CanRadius = 0.025, CanHalfHeight = 0.045;
    public const double CubeHalf = 0.02;
    public const double PlateRadius = 0.07, PlateTop = 0.01;
    public const double TowelHalf = 0.07, TowelTop = 0.004;
    public const double BasketInnerHalf = 0.082, BasketWallTop = 0.05;
    /// <summary>Handle post half-width (the grasped part) and height of its grasp point above the cabinet base.</summary>
    public const double HandleHalf = 0.012, HandleGraspZ = 0.10;
    public const double DrawerRange = 0.15;
    /// <summary>Each finger's travel; the opening (gap between pads) is at most twice this.</summary>
    public const double FingerTravel = 0.055, MaxOpening = 2 * FingerTravel;
    /// <summary>Finger position target of a closed gripper: past the centre (the joint stops at 0), so closing squeezes.</summary>
    public const double ClosedTarget = -0.01;
    /// <summary>The fingertips reach this far below the tool-centre point.</summary>
    public const double FingertipBelowTcp = 0.02;
}
