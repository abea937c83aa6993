using System.Text.Json;

namespace Robotics.Experiments.Pretraining;

/// <summary>The base checkpoint committed to the repository, usable when the hash of its inputs matches the requested ones.</summary>
public static class CommittedBase
{
    public static bool Matches(string directory, string inputsHash)
    {
        var file = Path.Combine(directory, BasePolicyTrainer.ResultFile);
        if (!File.Exists(file)) return false;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.TryGetProperty("InputsHash", out var h) && h.GetString() == inputsHash;
    }

    /// <summary>How long the base in <paramref name="directory"/> took to train, as its result file records (0 if it does not).</summary>
    public static double TrainingSeconds(string directory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, BasePolicyTrainer.ResultFile)));
        return doc.RootElement.TryGetProperty("WallTimeSeconds", out var s) && s.TryGetDouble(out var seconds) ? seconds : 0;
    }
}
