using System.Text.Json;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Lora;
using Robotics.Policy.Model;
using static TorchSharp.torch;

namespace Robotics.Policy.Checkpoints;

/// <summary>
/// A policy checkpoint directory: <c>model.safetensors</c> (weights), <c>config.json</c>, <c>normalizer.json</c>,
/// <c>tokenizer.json</c> (+ the tokenizer's file), <c>lora.json</c> when adapters are attached. Written into a temporary
/// sibling directory and renamed, so a crash leaves either the old checkpoint or the new one, never half of one.
/// </summary>
internal static class CheckpointStore
{
    public const string WeightsFile = "model.safetensors";
    public const string ConfigFile = "config.json";
    public const string NormalizerFile = "normalizer.json";
    public const string LoraFile = "lora.json";

    public sealed record Metadata(VlaConfig Config, ActionNormalizer Normalizer, IInstructionTokenizer Tokenizer, LoraOptions? Lora);

    public static void Write(string directory, VlaPolicy policy)
    {
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"cannot save to {directory}");
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            using (var scope = NewDisposeScope())
            {
                var weights = policy.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
                SafetensorsFile.Write(Path.Combine(temp, WeightsFile), weights);
            }
            File.WriteAllText(Path.Combine(temp, ConfigFile), policy.Config.ToJson());
            File.WriteAllText(Path.Combine(temp, NormalizerFile), JsonSerializer.Serialize(policy.Normalizer, Json));
            TokenizerStore.Save(policy.Tokenizer, temp);
            if (policy.Lora is not null) File.WriteAllText(Path.Combine(temp, LoraFile), JsonSerializer.Serialize(policy.Lora, Json));
            Replace(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    public static Metadata ReadMetadata(string directory)
    {
        if (!Directory.Exists(directory)) throw new CheckpointException($"no checkpoint at {directory}");
        var config = Parse(directory, ConfigFile, VlaConfig.FromJson);
        var normalizer = Parse(directory, NormalizerFile, json => (JsonSerializer.Deserialize<ActionNormalizer>(json, Json) ?? throw new InvalidDataException("empty")).Validated());
        IInstructionTokenizer tokenizer;
        try { tokenizer = TokenizerStore.Load(directory); }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or ArgumentException)
        {
            throw new CheckpointException($"{directory}: tokenizer unreadable: {e.Message}", e);
        }
        var lora = File.Exists(Path.Combine(directory, LoraFile))
            ? Parse(directory, LoraFile, json => JsonSerializer.Deserialize<LoraOptions>(json, Json)!.Validated())
            : null;
        return new Metadata(config, normalizer, tokenizer, lora);
    }

    /// <summary>Copies the weights into <paramref name="model"/>, checking names and shapes first; the message names the first wrong key.</summary>
    public static void ReadWeights(string directory, nn.Module model)
    {
        var path = Path.Combine(directory, WeightsFile);
        var header = SafetensorsFile.ReadHeader(path);
        var parameters = model.state_dict();
        var missing = parameters.Keys.Where(k => !header.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new CheckpointException($"{path} lacks '{missing[0]}' ({missing.Count} missing): was it saved from another config or without LoRA?");
        var unexpected = header.Keys.Where(k => !parameters.ContainsKey(k)).ToList();
        if (unexpected.Count > 0) throw new CheckpointException($"{path} has unexpected key '{unexpected[0]}' ({unexpected.Count} unexpected): it does not belong to this config");
        foreach (var (name, entry) in header)
        {
            var expected = parameters[name].shape;
            if (!expected.SequenceEqual(entry.Shape))
                throw new CheckpointException($"{path}: '{name}' has shape [{string.Join(", ", entry.Shape)}] but the config needs [{string.Join(", ", expected)}]");
        }
        using var scope = NewDisposeScope();
        var tensors = SafetensorsFile.Read(path);
        using (no_grad())
        {
            foreach (var (name, value) in tensors) parameters[name].copy_(value);
        }
    }

    private static T Parse<T>(string directory, string file, Func<string, T> parse)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path)) throw new CheckpointException($"checkpoint {directory} has no {file}");
        try { return parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException or NullReferenceException)
        {
            throw new CheckpointException($"{path} is invalid: {e.Message}", e);
        }
    }

    private static void Replace(string temp, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }
        // Two renames: the old checkpoint moves aside, the new one moves in, then the old one goes.
        var old = target + $".old-{Guid.NewGuid():N}";
        Directory.Move(target, old);
        Directory.Move(temp, target);
        Directory.Delete(old, recursive: true);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}
