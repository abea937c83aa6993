using System.Text.Json;
using System.Text.Json.Serialization;

namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>
/// The JSON beside a ManiSkill3 <c>trajectory.h5</c> (ManiSkill3 docs, docs/source/user_guide/datasets/demos.md): the env it was
/// recorded in and one entry per episode. Only the fields the import reads; the rest is ignored.
/// </summary>
internal sealed record ManiSkillTrajectoryMetadata
{
    [JsonPropertyName("env_info")] public required ManiSkillEnvInfo EnvInfo { get; init; }
    [JsonPropertyName("episodes")] public IReadOnlyList<ManiSkillEpisodeInfo> Episodes { get; init; } = [];
    [JsonPropertyName("source_type")] public string? SourceType { get; init; }
    [JsonPropertyName("source_desc")] public string? SourceDesc { get; init; }

    /// <summary>Reads <paramref name="path"/>; a malformed or incomplete file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ManiSkillTrajectoryMetadata Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ManiSkillTrajectoryMetadata>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a ManiSkill trajectory JSON (env_info and episodes): {e.Message}", e);
        }
    }
}

internal sealed record ManiSkillEnvInfo
{
    [JsonPropertyName("env_id")] public required string EnvId { get; init; }
    [JsonPropertyName("max_episode_steps")] public int? MaxEpisodeSteps { get; init; }
    [JsonPropertyName("env_kwargs")] public JsonElement EnvKwargs { get; init; }

    /// <summary>A string entry of env_kwargs (obs_mode, control_mode, ...), or null.</summary>
    public string? Kwarg(string name) =>
        EnvKwargs.ValueKind == JsonValueKind.Object && EnvKwargs.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}

public sealed record ManiSkillEpisodeInfo
{
    [JsonPropertyName("episode_id")] public int EpisodeId { get; init; }
    [JsonPropertyName("episode_seed")] public JsonElement EpisodeSeed { get; init; }
    [JsonPropertyName("reset_kwargs")] public JsonElement ResetKwargs { get; init; }
    [JsonPropertyName("control_mode")] public string? ControlMode { get; init; }
    [JsonPropertyName("elapsed_steps")] public int? ElapsedSteps { get; init; }
    [JsonPropertyName("success")] public bool? Success { get; init; }

    /// <summary>The reset seed: reset_kwargs.seed (an int or a one-element list), else episode_seed, else the episode id.</summary>
    public ulong Seed()
    {
        if (ResetKwargs.ValueKind == JsonValueKind.Object && ResetKwargs.TryGetProperty("seed", out var seed) && FirstInteger(seed) is { } s) return s;
        return FirstInteger(EpisodeSeed) ?? (ulong)EpisodeId;
    }

    private static ulong? FirstInteger(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetUInt64(out var n) => n,
        JsonValueKind.Array when value.GetArrayLength() > 0 => FirstInteger(value[0]),
        _ => null,
    };
}
