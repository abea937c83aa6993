using System.Numerics;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>
/// The shaping potential of a pick task, in [-1, 1.5]: closer to the target's grasp point, the target upright, held by
/// both fingers, lifted towards the success height. Each term is bounded so none dwarfs the success reward of 1.
/// </summary>
internal static class PickPotential
{
    /// <summary>Distance (m) over which the reach term falls from 0 to -1: about the table's half-width.</summary>
    public const float ReachScale = 0.25f;

    public static float Of(Vector3 tcp, Vector3 target, float upright, int fingers, float liftAboveRest, float liftHeight)
    {
        var reach = -MathF.Min(1f, Vector3.Distance(tcp, target) / ReachScale);
        var standing = upright > 0.7071f ? 0.25f : 0f;
        var held = fingers == 2 ? 0.25f : 0f;
        var lifted = fingers == 2 ? 0.5f * Math.Clamp(liftAboveRest / liftHeight, 0f, 1f) : 0f;
        return reach + standing + held + lifted + 0.5f;
    }
}
