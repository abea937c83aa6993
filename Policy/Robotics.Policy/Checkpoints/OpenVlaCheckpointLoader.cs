using System.Text.Json;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Model;
using static TorchSharp.torch;

namespace Robotics.Policy.Checkpoints;

/// <summary>
/// Loads OpenVLA's Hugging Face layout: sharded safetensors listed by <c>model.safetensors.index.json</c> (or one
/// <c>model.safetensors</c>), <c>config.json</c> with <c>norm_stats</c>, and Llama's <c>tokenizer.model</c>. Shards are read one
/// at a time and converted to the model's dtype (OpenVLA ships bf16). Every model parameter must be found exactly once.
/// </summary>
public static class OpenVlaCheckpointLoader
{
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>What a load did: how many tensors it copied and which stored keys OpenVLA never uses.</summary>
    public sealed record Report(int Loaded, IReadOnlyList<string> Ignored);

    /// <summary>A whole policy: weights, tokenizer and the action statistics of <paramref name="unnormKey"/> (bridge_orig for WidowX).</summary>
    public static (VlaPolicy Policy, Report Report) LoadPolicy(string directory, VlaConfig config, string unnormKey = "bridge_orig")
    {
        var tokenizer = LlamaSentencePieceTokenizer.FromFile(Path.Combine(directory, LlamaSentencePieceTokenizer.FileName));
        var normalizer = ReadNormalizer(Path.Combine(directory, "config.json"), unnormKey);
        var policy = VlaPolicy.Create(config, normalizer, tokenizer, seed: 0);
        try { return (policy, LoadWeights(directory, policy.Model)); }
        catch { policy.Dispose(); throw; }
    }

    public static Report LoadWeights(string directory, VlaModel model)
    {
        var shards = ShardsByKey(directory);
        var parameters = model.state_dict();
        var loaded = new HashSet<string>();
        var ignored = new List<string>();
        foreach (var shard in shards.GroupBy(kv => kv.Value, kv => kv.Key))
        {
            var path = Path.Combine(directory, shard.Key);
            var header = SafetensorsFile.ReadHeader(path);
            var wanted = new Dictionary<string, string>();   // hf key -> our key
            foreach (var hfKey in shard)
            {
                if (!header.TryGetValue(hfKey, out var entry)) throw new CheckpointException($"{IndexFile} puts '{hfKey}' in {shard.Key}, which does not hold it");
                var ours = OpenVlaKeyMap.Map(hfKey, model.Config);
                if (ours is null) { ignored.Add(hfKey); continue; }
                if (!parameters.TryGetValue(ours, out var target)) throw new CheckpointException($"'{hfKey}' maps to '{ours}', which config '{model.Config.Name}' does not have");
                if (!target.shape.SequenceEqual(entry.Shape))
                    throw new CheckpointException($"'{hfKey}' has shape [{string.Join(", ", entry.Shape)}] but config '{model.Config.Name}' needs [{string.Join(", ", target.shape)}] for '{ours}'");
                wanted[hfKey] = ours;
            }
            using var scope = NewDisposeScope();
            var tensors = SafetensorsFile.Read(path, wanted.Keys);
            using (no_grad())
            {
                foreach (var (hfKey, ours) in wanted)
                {
                    var target = parameters[ours];
                    target.copy_(tensors[hfKey].to(target.dtype));
                    loaded.Add(ours);
                }
            }
        }
        var missing = parameters.Keys.Where(k => !loaded.Contains(k)).ToList();
        if (missing.Count > 0) throw new CheckpointException($"{directory} lacks a weight for '{missing[0]}' ({missing.Count} missing)");
        return new Report(loaded.Count, ignored);
    }

    /// <summary>Which shard holds each key, from the index file (never assumed).</summary>
    public static IReadOnlyDictionary<string, string> ShardsByKey(string directory)
    {
        if (!Directory.Exists(directory)) throw new CheckpointException($"no OpenVLA checkpoint at {directory}");
        var index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index))
        {
            var single = Path.Combine(directory, "model.safetensors");
            if (!File.Exists(single)) throw new CheckpointException($"{directory} has neither {IndexFile} nor model.safetensors");
            return SafetensorsFile.ReadHeader(single).Keys.ToDictionary(k => k, _ => "model.safetensors");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            return doc.RootElement.GetProperty("weight_map").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? throw new InvalidDataException($"'{p.Name}' has no shard"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidDataException or InvalidOperationException)
        {
            throw new CheckpointException($"{index} is malformed: {e.Message}", e);
        }
    }

    /// <summary>OpenVLA's <c>norm_stats[key].action</c> (q01, q99, mask) as a normaliser.</summary>
    public static ActionNormalizer ReadNormalizer(string configJson, string unnormKey)
    {
        if (!File.Exists(configJson)) throw new CheckpointException($"missing {configJson}");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(configJson));
            var stats = doc.RootElement.GetProperty("norm_stats");
            if (!stats.TryGetProperty(unnormKey, out var entry))
                throw new CheckpointException($"{configJson} has no norm_stats for '{unnormKey}'; it has: {string.Join(", ", stats.EnumerateObject().Select(p => p.Name))}");
            var action = entry.GetProperty("action");
            float[] Floats(string name) => action.GetProperty(name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var mask = action.TryGetProperty("mask", out var m) ? m.EnumerateArray().Select(e => e.GetBoolean()).ToArray() : null;
            var q01 = Floats("q01");
            return new ActionNormalizer(q01, Floats("q99"), mask ?? q01.Select((_, i) => i < q01.Length - 1).ToArray()).Validated();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new CheckpointException($"{configJson}: norm_stats['{unnormKey}'].action is unreadable: {e.Message}", e);
        }
    }
}
