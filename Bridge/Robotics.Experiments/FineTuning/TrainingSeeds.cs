namespace Robotics.Experiments.FineTuning;

/// <summary>
/// Initial-state seeds for RL training, derived from the run seed and iteration so a resumed run collects what an
/// uninterrupted one would. They live below the evaluation range (which starts at 1,000,000), so no policy trains on
/// an episode it is scored on.
/// </summary>
internal static class TrainingSeeds
{
    public static ulong For(long runSeed, int iteration, int index) =>
        (ulong)((runSeed * 7919 + iteration * 131 + index) % 900_000) + 50_000;
}
