namespace Robotics.Experiments.Diagnosis;

/// <summary>How a pick episode ended, read from its recorded state (first match in this order).</summary>
internal enum FailureKind
{
    /// <summary>The task succeeded.</summary>
    Success,
    /// <summary>The physics blew up under the policy's actions.</summary>
    BlewUp,
    /// <summary>The policy grasped or lifted another object than the one the instruction names.</summary>
    WrongObject,
    /// <summary>The target was lifted and then fell.</summary>
    DroppedAfterLift,
    /// <summary>The target tipped over (past 45 degrees) before it was lifted.</summary>
    ToppledTarget,
    /// <summary>The hand never came within reach (4 cm horizontally) of the target.</summary>
    NeverReached,
    /// <summary>The gripper closed fully with nothing between the fingers.</summary>
    ClosedOnNothing,
    /// <summary>The episode ran out of steps with the hand near the target.</summary>
    TimedOutNearTarget,
    /// <summary>None of the above.</summary>
    Other,
}
