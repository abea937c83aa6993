using Robotics.Sim.V1;

namespace Robotics.Tabletop.Physics;

/// <summary>Checks an action batch before it touches the physics; the server maps the exception to INVALID_ARGUMENT.</summary>
internal static class ActionValidator
{
    public static void Validate(ReadOnlySpan<float> actions, int numEnvs)
    {
        var expected = numEnvs * ActionSpace.Dim;
        if (actions.Length != expected)
            throw new ArgumentException(
                $"actions must be float32 [{numEnvs},{ActionSpace.Dim}] ({expected} values), got {actions.Length} values.", nameof(actions));
        for (var k = 0; k < actions.Length; k++)
        {
            if (!float.IsFinite(actions[k]))
                throw new ArgumentException(
                    $"action of env {k / ActionSpace.Dim}, dimension {k % ActionSpace.Dim} is {actions[k]}; actions must be finite.", nameof(actions));
        }
    }
}
