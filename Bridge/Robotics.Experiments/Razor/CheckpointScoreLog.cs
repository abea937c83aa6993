using System.Text.Json;
using System.Text.Json.Serialization;

namespace Robotics.Experiments.Razor;

/// <summary>
/// A run's checkpoint scores as JSON lines beside its checkpoints (scores.jsonl), written as each is measured, so
/// <c>razor --resume</c> keeps what an interrupted experiment already paid for.
/// </summary>
internal static class CheckpointScoreLog
{
    public const string FileName = "scores.jsonl";
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Append(string runDirectory, CheckpointScore score)
    {
        using var file = new StreamWriter(Path.Combine(runDirectory, FileName), append: true);
        file.WriteLine(JsonSerializer.Serialize(score, Json));
    }

    /// <summary>
    /// The scores of checkpoints up to <paramref name="upToStep"/> (later ones belong to checkpoints that were never
    /// completed), one per step; a line torn by a crash mid-write is dropped, so that checkpoint is scored again.
    /// </summary>
    public static IReadOnlyList<CheckpointScore> Read(string runDirectory, int upToStep)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) return [];
        var scores = new Dictionary<int, CheckpointScore>();
        foreach (var line in File.ReadLines(path))
        {
            CheckpointScore? score;
            try
            {
                score = JsonSerializer.Deserialize<CheckpointScore>(line, Json);
            }
            catch (JsonException)
            {
                continue;
            }
            if (score is not null && score.Step <= upToStep) scores[score.Step] = score;
        }
        return scores.Values.OrderBy(s => s.Step).ToList();
    }
}
