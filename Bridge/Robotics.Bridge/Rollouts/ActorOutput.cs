namespace Robotics.Bridge.Rollouts;

/// <summary>An actor's answer for one batch.</summary>
/// <param name="Actions">Actions to execute, float32 [N*7].</param>
/// <param name="RecordedActions">If set, stored as the episode's actions instead of <paramref name="Actions"/>
/// (e.g. the clean expert label while a noisy action is executed), float32 [N*7].</param>
/// <param name="Steps">If set, what the actor chose for each env (its bins and their log-probabilities), N entries, stored
/// with the step as the episode's <see cref="Episode.ActorSteps"/>.</param>
public sealed record ActorOutput(float[] Actions, float[]? RecordedActions = null, IReadOnlyList<ActorStep>? Steps = null);
