namespace Robotics.Experiments.Pretraining;

/// <summary>
/// Which expert demonstrations a fine-tuning run learns from (see <see cref="DemoCollector.CollectFineTuneDataAsync"/>):
/// the razor and <c>robotics train</c> both describe theirs with this record, so both draw the same episode seeds.
/// </summary>
/// <param name="NewTask">The task being learned.</param>
/// <param name="NewTaskDemos">Successful demonstrations of it to keep.</param>
/// <param name="PriorTasks">Tasks whose demonstrations replay mixes in; empty = no replay data.</param>
/// <param name="PriorDemosPerTask">Successful demonstrations to keep per prior task.</param>
/// <param name="Noise">The expert's action noise.</param>
/// <param name="NewTaskSeed">Seeds the expert's noise on the new task.</param>
/// <param name="PriorTaskSeed">Seeds the expert's noise on the prior tasks.</param>
/// <param name="NewTaskStyle">The expert style the new task's demonstrations come from (the prior tasks' are always the
/// default expert's, the base's own); null = the default.</param>
public sealed record FineTuneDemoPlan(
    string NewTask, int NewTaskDemos, IReadOnlyList<string> PriorTasks, int PriorDemosPerTask, double Noise, int NewTaskSeed, int PriorTaskSeed,
    string? NewTaskStyle = null)
{
    /// <summary>The new task's episodes start at this layout seed, away from evaluation's and pretraining's seeds.</summary>
    public const ulong NewTaskFirstSeed = 800_000;

    /// <summary>The first prior task's episodes start here, each further task <see cref="PriorTaskSeedStride"/> later.</summary>
    public const ulong PriorTaskFirstSeed = 900_000;

    public const ulong PriorTaskSeedStride = 10_000;
}
