using System.Text.Json.Serialization;

namespace Robotics.Bridge.Datasets.LeRobot;

/// <summary>An image as Hugging Face datasets store one in Parquet: a struct of the encoded file's bytes and an optional path.</summary>
internal sealed class LeRobotImage
{
    [JsonPropertyName("bytes")] public byte[] Bytes { get; set; } = [];
    [JsonPropertyName("path")] public string? Path { get; set; }
}
