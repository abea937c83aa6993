using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Diagnosis;

/// <summary>
/// Classifies a pick episode from its recorded states (hand and object poses at every step), in the order of
/// <see cref="FailureKind"/>. The thresholds are the tabletop's scale: 4 cm is "within reach" (a can is 5 cm wide),
/// 2 cm above the start is "lifted", 45 degrees of tilt is "toppled", a finger gap under 1 cm is "closed on nothing".
/// </summary>
internal static class FailureClassifier
{
    public const float ReachRadius = 0.04f;
    public const float LiftedBy = 0.02f;
    public const float UprightCosine = 0.7071f;
    public const float ClosedGap = 0.01f;

    public static FailureKind Classify(Episode episode, PickStateColumns columns)
    {
        if (episode.Success && !episode.PhysicsError) return FailureKind.Success;
        if (episode.PhysicsError) return FailureKind.BlewUp;
        if (episode.Steps == 0) return FailureKind.Other;
        var p = episode.ProprioDim;
        float At(int t, int column) => episode.Proprio[t * p + column];
        float Horizontal(int t, int objectX) =>
            MathF.Sqrt(MathF.Pow(At(t, columns.TcpX) - At(t, objectX), 2) + MathF.Pow(At(t, columns.TcpX + 1) - At(t, objectX + 1), 2));

        var steps = Enumerable.Range(0, episode.Steps).ToArray();
        var targetZ0 = At(0, columns.TargetX + 2);
        var liftedAt = steps.Where(t => At(t, columns.TargetX + 2) > targetZ0 + LiftedBy).DefaultIfEmpty(-1).First();
        var nearestTarget = steps.Min(t => Horizontal(t, columns.TargetX));

        foreach (var d in columns.DistractorX)
        {
            var z0 = At(0, d + 2);
            var lifted = steps.Any(t => At(t, d + 2) > z0 + LiftedBy);
            var wentFor = steps.Min(t => Horizontal(t, d)) < ReachRadius && nearestTarget >= ReachRadius;
            if (lifted || wentFor) return FailureKind.WrongObject;
        }
        if (liftedAt >= 0 && At(episode.Steps - 1, columns.TargetX + 2) < targetZ0 + LiftedBy / 2) return FailureKind.DroppedAfterLift;
        if (columns.TargetUpright is { } u)
        {
            var lastBeforeLift = liftedAt >= 0 ? liftedAt : episode.Steps;
            if (steps.Take(lastBeforeLift).Any(t => At(t, u) < UprightCosine)) return FailureKind.ToppledTarget;
        }
        if (nearestTarget >= ReachRadius) return FailureKind.NeverReached;
        if (steps.Any(t => At(t, columns.Opening) < ClosedGap)) return FailureKind.ClosedOnNothing;
        if (Horizontal(episode.Steps - 1, columns.TargetX) < ReachRadius) return FailureKind.TimedOutNearTarget;
        return FailureKind.Other;
    }
}
