namespace Robotics.Policy.Training;

/// <summary>
/// Initial-state seeds for RL training, derived from the run seed and iteration so a resumed run collects what an
/// uninterrupted one would. Seed bands: demonstrations below 1,000,000 (pretraining 0-799,999, fine-tuning data
/// 800,000-999,999), evaluation 1,000,000-3,999,999, KL-probe and benchmark rollouts from 4,000,000, RL training from
/// 10,000,000, so no policy trains on an episode it
/// is scored on.
/// </summary>
public static class TrainingSeeds
{
    public static ulong For(long runSeed, int iteration, int index) =>
        10_000_000UL + (ulong)(((runSeed * 7919 + iteration * 131 + index) % 10_000_000 + 10_000_000) % 10_000_000);
}
