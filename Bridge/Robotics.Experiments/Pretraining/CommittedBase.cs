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
}
