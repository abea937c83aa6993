using Robotics.Experiments.Razor;

namespace Robotics.Experiments.Tests.Razor;

/// <summary>Constructed checkpoint scores with known relations between predictors and forgetting.</summary>
internal static class ScoreFixtures
{
    public static TaskScore Score(int s, int n) => new(s, n, (double)s / n, 0, 1);

    public static CheckpointScore Checkpoint(string method, int step, double newTask, double prior, double forwardKl, double reverseKl = 0, double tv = 0, double weight = 0, double basePrior = 0.9) =>
        new($"{method}-run", method, step, Score((int)Math.Round(newTask * 20), 20),
            new Dictionary<string, TaskScore> { ["open_drawer"] = Score((int)Math.Round(prior * 20), 20) },
            prior, basePrior - prior, forwardKl, reverseKl, tv, weight);

    public static RazorResults Results(IReadOnlyList<CheckpointScore> checkpoints) => new()
    {
        Profile = "fixture",
        Machine = "test machine",
        Simulator = "mujoco-tabletop",
        Started = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        WallTimeSeconds = 600,
        NewTask = "pick_can",
        HeldOutTasks = ["open_drawer"],
        BaseCheckpoint = "models/base-tiny",
        BaseOrigin = "committed",
        BaseNewTask = Score(4, 20),
        BaseHeldOut = new Dictionary<string, TaskScore> { ["open_drawer"] = Score(18, 20) },
        KlProbeStates = 100,
        Runs = checkpoints.Select(c => c.Run).Distinct().Select(r => new RunSummary(r, r.Split('-')[0], 3e-4, 0, 0, 300, 60)).ToList(),
        Checkpoints = checkpoints,
        Law = ForgettingLaw.Fit(checkpoints),
        Matched = MatchedComparison.Compare(checkpoints, "grpo", "sft"),
        Findings = [],
    };
}
