namespace Robotics.Tabletop.Physics;

/// <summary>Checks an action batch before it touches the physics; the server maps the exception to INVALID_ARGUMENT.</summary>
internal static class ActionValidator
{
    public static void Validate(ReadOnlySpan<float> actions, int numEnvs)
    {
        var expected = numEnvs * TabletopBatch.ActionDim;
        if (actions.Length != expected)
            throw new ArgumentException(
                $"actions must be float32 [{numEnvs},{TabletopBatch.ActionDim}] ({expected} values), got {actions.Length} values.", nameof(actions));
        for (var k = 0; k < actions.Length; k++)
        {
            if (!float.IsFinite(actions[k]))
                throw new ArgumentException(
                    $"action of env {k / TabletopBatch.ActionDim}, dimension {k % TabletopBatch.ActionDim} is {actions[k]}; actions must be finite.", nameof(actions));
        }
    }
}
