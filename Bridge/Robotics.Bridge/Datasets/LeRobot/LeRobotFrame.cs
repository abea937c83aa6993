using System.Text.Json.Serialization;

namespace Robotics.Bridge.Datasets.LeRobot;

/// <summary>One row of an episode's Parquet file: a frame, with the column names LeRobot v2.1 reads.</summary>
internal class LeRobotFrame
{
    [JsonPropertyName(LeRobotLayout.Image)] public LeRobotImage Image { get; set; } = new();
    [JsonPropertyName(LeRobotLayout.State)] public float[] State { get; set; } = [];
    [JsonPropertyName(LeRobotLayout.Action)] public float[] Action { get; set; } = [];
    [JsonPropertyName(LeRobotLayout.Reward)] public float Reward { get; set; }
    [JsonPropertyName(LeRobotLayout.Done)] public bool Done { get; set; }
    [JsonPropertyName(LeRobotLayout.Success)] public bool Success { get; set; }
    [JsonPropertyName("timestamp")] public float Timestamp { get; set; }
    [JsonPropertyName("frame_index")] public long FrameIndex { get; set; }
    [JsonPropertyName("episode_index")] public long EpisodeIndex { get; set; }
    [JsonPropertyName("index")] public long Index { get; set; }
    [JsonPropertyName("task_index")] public long TaskIndex { get; set; }
}

/// <summary>A frame with actor data: the same row plus <see cref="LeRobotLayout.StepData"/> (a column only such datasets have).</summary>
internal sealed class LeRobotFrameWithStepData : LeRobotFrame
{
    [JsonPropertyName(LeRobotLayout.StepData)] public float[] StepData { get; set; } = [];
}
