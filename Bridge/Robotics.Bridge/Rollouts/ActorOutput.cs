namespace Robotics.Bridge.Rollouts;

/// <summary>An actor's answer for one batch.</summary>
/// <param name="Actions">Actions to execute, float32 [N*7].</param>
/// <param name="RecordedActions">If set, stored as the episode's actions instead of <paramref name="Actions"/>
/// (e.g. the clean expert label while a noisy action is executed), float32 [N*7].</param>
/// <param name="StepData">Per-env actor data stored with each step (e.g. token log-probs and bins), float32 [N*K].</param>
/// <param name="StepDataWidth">K, the number of floats per env in <paramref name="StepData"/>.</param>
public sealed record ActorOutput(float[] Actions, float[]? RecordedActions = null, float[]? StepData = null, int StepDataWidth = 0);
