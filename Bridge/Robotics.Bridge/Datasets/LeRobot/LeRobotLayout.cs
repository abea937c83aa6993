using System.Globalization;

namespace Robotics.Bridge.Datasets.LeRobot;

/// <summary>
/// LeRobot's dataset layout, codebase version v2.1 (one Parquet file per episode, JSON Lines metadata): the paths and
/// the feature names this project maps its episodes to.
/// </summary>
public static class LeRobotLayout
{
    public const string CodebaseVersion = "v2.1";
    public const int ChunksSize = 1000;

    public const string InfoFile = "meta/info.json";
    public const string EpisodesFile = "meta/episodes.jsonl";
    public const string TasksFile = "meta/tasks.jsonl";
    public const string EpisodesStatsFile = "meta/episodes_stats.jsonl";
    /// <summary>This project's own header (backend, camera, action space, source): not LeRobot's, ignored by its readers.</summary>
    public const string RoboticsHeaderFile = "meta/robotics.json";
    public const string DataPath = "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet";

    public const string Image = "observation.images.base";
    public const string State = "observation.state";
    public const string Action = "action";
    public const string Reward = "next.reward";
    public const string Done = "next.done";
    public const string Success = "next.success";
    /// <summary>The actor's per-step data (e.g. sampled bins and log-probabilities), where the episodes carry any.</summary>
    public const string StepData = "actor.step_data";

    /// <summary><see cref="DataPath"/> filled in for one episode.</summary>
    public static string DataFile(int episodeIndex) => string.Create(CultureInfo.InvariantCulture,
        $"data/chunk-{episodeIndex / ChunksSize:D3}/episode_{episodeIndex:D6}.parquet");
}
