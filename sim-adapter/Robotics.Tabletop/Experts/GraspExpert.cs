using System.Numerics;
using Robotics.Tabletop.Physics;
using static Robotics.Tabletop.Experts.ExpertMath;

namespace Robotics.Tabletop.Experts;

/// <summary>
/// The shared approach-and-grasp controller. Every decision is a function of what an observer sees now
/// (DESIGN.md's behaviour-cloning probe): far from the object -> hover above it; aligned -> descend with the
/// fingers wide open; at grasp height -> close; finger opening at the object's width with the object between
/// the pads -> held (the caller decides what to do with it); closed on nothing -> open and back off upwards.
/// Bands are wide (centimetres) so a policy imitating it cannot hinge on millimetres.
/// </summary>
internal static class GraspExpert
{
    /// <summary>How far the finger opening may differ from the object's width while it is held.</summary>
    private const float HoldBand = 0.012f;

    /// <summary>Whether the object sits between the pads (anywhere along its height: held objects may slip a little)
    /// with the fingers closed on it.</summary>
    public static bool IsHeld(in SceneState s, in GraspTarget target)
    {
        var between = XyDistance(target.Center, s.Tcp) < 0.02f && MathF.Abs(target.GraspPoint.Z - s.Tcp.Z) < target.HalfHeight + 0.005f;
        return between && MathF.Abs(s.Opening - target.Width) < HoldBand;
    }

    /// <summary>Writes the approach/grasp action and returns false, or returns true (writing nothing) when the object is held.
    /// <paramref name="maxStep"/> caps each axis's move (a slower demonstrator).</summary>
    public static bool ApproachOrHold(in SceneState s, in GraspTarget target, Span<float> action, float maxStep = (float)TabletopWorld.MaxTranslation)
    {
        if (IsHeld(s, target)) return true;
        var tcp = s.Tcp;
        var grasp = target.GraspPoint;
        var xyError = XyDistance(target.Center, tcp);
        if (s.Opening < target.Width - HoldBand)
        {
            // Closed on nothing (missed or dropped): open and back off upwards.
            MoveTo(action, s, tcp + new Vector3(0, 0, 0.03f), Open, maxStep);
            return false;
        }
        if (s.Opening < target.Width + 0.04f)
        {
            // Part-way closed: keep closing while at the grasp point, otherwise open where we are.
            var atGrasp = xyError < 0.02f && MathF.Abs(tcp.Z - grasp.Z) < 0.012f;
            MoveTo(action, s, atGrasp ? grasp : tcp, atGrasp ? Closed : Open, maxStep);
            return false;
        }
        // Open: align above the object, then descend, then close at grasp height.
        var low = tcp.Z < target.HoverZ - 0.02f;
        if (xyError > (low ? 0.02f : 0.012f))
        {
            var fingertipsNearTop = tcp.Z - Physics.Geometry.FingertipBelowTcp < target.Center.Z + target.HalfHeight + 0.01f;
            var to = fingertipsNearTop && xyError > 0.03f
                ? tcp with { Z = target.HoverZ }               // rise clear before moving sideways
                : grasp with { Z = target.HoverZ };
            MoveTo(action, s, to, Open, maxStep);
            return false;
        }
        var atHeight = MathF.Abs(tcp.Z - grasp.Z) < 0.01f;
        MoveTo(action, s, grasp, atHeight ? Closed : Open, maxStep);
        return false;
    }
}
