using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet.Serialization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets.LeRobot;

/// <summary>
/// Writes an episode dataset in LeRobot's v2.1 layout: <c>data/chunk-000/episode_000000.parquet</c> (a row per frame,
/// the camera image as embedded PNG, Hugging Face's Image struct), <c>meta/info.json</c>, <c>meta/episodes.jsonl</c>,
/// <c>meta/tasks.jsonl</c> (the instructions) and <c>meta/episodes_stats.jsonl</c>. Fields LeRobot has no place for
/// (task id, seed, success) ride along as extra keys of each episodes.jsonl line, and the project's header as
/// <c>meta/robotics.json</c>, so <see cref="LeRobotReader"/> gives back every episode exactly.
/// </summary>
public static class LeRobotExporter
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions Line = new() { WriteIndented = false };

    /// <summary>Writes <paramref name="episodes"/> (described by <paramref name="header"/>) into the empty or new folder <paramref name="directory"/>.</summary>
    public static async Task<LeRobotExportSummary> ExportAsync(DatasetHeader header, IEnumerable<Episode> episodes, string directory, CancellationToken ct = default)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new IOException($"'{directory}' is not empty: a LeRobot export needs an empty or new folder");
        if (!(header.ControlHz > 0)) throw new ArgumentException("the dataset header has no control rate (ControlHz): LeRobot needs the frames' fps");
        Directory.CreateDirectory(Path.Combine(directory, "meta"));
        var fps = header.ControlHz;
        var tasks = new List<string>();
        var episodeLines = new List<string>();
        var statsLines = new List<string>();
        int? stepDataWidth = null;
        long index = 0;
        var count = 0;
        foreach (var episode in episodes)
        {
            ct.ThrowIfCancellationRequested();
            if (episode.ImageHeight != header.ImageHeight || episode.ImageWidth != header.ImageWidth || episode.ProprioDim != header.ProprioDim)
                throw new InvalidDataException($"episode {count} ({episode.Task} seed {episode.Seed}) is {episode.ImageHeight}x{episode.ImageWidth} with {episode.ProprioDim} proprio values; the header says {header.ImageHeight}x{header.ImageWidth} with {header.ProprioDim}");
            stepDataWidth ??= ActorStepRows.WidthOf(episode);
            if (ActorStepRows.WidthOf(episode) != stepDataWidth)
                throw new InvalidDataException($"episode {count} has {ActorStepRows.WidthOf(episode)} actor values a step, the ones before {stepDataWidth}: one LeRobot feature has one shape");
            var taskIndex = tasks.IndexOf(episode.Instruction);
            if (taskIndex < 0)
            {
                taskIndex = tasks.Count;
                tasks.Add(episode.Instruction);
            }
            var (frames, stats) = Frames(episode, count, index, taskIndex, fps);
            var path = Path.Combine(directory, LeRobotLayout.DataFile(count));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var metadata = new Dictionary<string, string> { ["huggingface"] = HuggingFaceFeatures(header, stepDataWidth.Value) };
            if (stepDataWidth > 0)
                await ParquetSerializer.SerializeAsync(frames.Select((f, t) => WithStepData(f, episode, t)), path, null, metadata, ct);
            else
                await ParquetSerializer.SerializeAsync(frames, path, null, metadata, ct);
            episodeLines.Add(new JsonObject
            {
                ["episode_index"] = count, ["tasks"] = new JsonArray(episode.Instruction), ["length"] = episode.Steps,
                ["robotics_task"] = episode.Task, ["robotics_seed"] = episode.Seed, ["robotics_success"] = episode.Success,
                ["robotics_physics_error"] = episode.PhysicsError,
            }.ToJsonString(Line));
            statsLines.Add(new JsonObject { ["episode_index"] = count, ["stats"] = stats }.ToJsonString(Line));
            index += episode.Steps;
            count++;
        }
        await File.WriteAllLinesAsync(Path.Combine(directory, LeRobotLayout.EpisodesFile), episodeLines, ct);
        await File.WriteAllLinesAsync(Path.Combine(directory, LeRobotLayout.EpisodesStatsFile), statsLines, ct);
        await File.WriteAllLinesAsync(Path.Combine(directory, LeRobotLayout.TasksFile),
            tasks.Select((t, i) => new JsonObject { ["task_index"] = i, ["task"] = t }.ToJsonString(Line)), ct);
        await File.WriteAllTextAsync(Path.Combine(directory, LeRobotLayout.InfoFile), Info(header, count, index, tasks.Count, stepDataWidth ?? 0).ToJsonString(Json), ct);
        await File.WriteAllTextAsync(Path.Combine(directory, LeRobotLayout.RoboticsHeaderFile), JsonSerializer.Serialize(header, Json), ct);
        return new LeRobotExportSummary(count, index, tasks.Count);
    }

    private static (List<LeRobotFrame> Frames, JsonObject Stats) Frames(Episode e, int episodeIndex, long firstIndex, int taskIndex, double fps)
    {
        var pixels = e.ImageHeight * e.ImageWidth * 3;
        var image = new FeatureStats(3);
        var state = new FeatureStats(e.ProprioDim);
        var action = new FeatureStats(Episode.ActionDim);
        var reward = new FeatureStats(1);
        var timestamp = new FeatureStats(1);
        var frames = new List<LeRobotFrame>(e.Steps);
        for (var t = 0; t < e.Steps; t++)
        {
            var rgb = e.Images.AsSpan(t * pixels, pixels);
            var frame = new LeRobotFrame
            {
                Image = new LeRobotImage { Bytes = Png(rgb, e.ImageWidth, e.ImageHeight) },
                State = e.Proprio.AsSpan(t * e.ProprioDim, e.ProprioDim).ToArray(),
                Action = e.Actions.AsSpan(t * Episode.ActionDim, Episode.ActionDim).ToArray(),
                Reward = e.Rewards[t],
                Done = t == e.Steps - 1,
                Success = e.Success && t == e.Steps - 1,
                Timestamp = (float)(t / fps),
                FrameIndex = t,
                EpisodeIndex = episodeIndex,
                Index = firstIndex + t,
                TaskIndex = taskIndex,
            };
            frames.Add(frame);
            image.AddImage(rgb);
            state.Add(frame.State);
            action.Add(frame.Action);
            reward.Add(frame.Reward);
            timestamp.Add(frame.Timestamp);
        }
        var stats = new JsonObject
        {
            [LeRobotLayout.Image] = image.ToJson(image: true),
            [LeRobotLayout.State] = state.ToJson(),
            [LeRobotLayout.Action] = action.ToJson(),
            [LeRobotLayout.Reward] = reward.ToJson(),
            ["timestamp"] = timestamp.ToJson(),
            ["frame_index"] = Range(0, e.Steps - 1, e.Steps),
            ["episode_index"] = Range(episodeIndex, episodeIndex, e.Steps),
            ["index"] = Range(firstIndex, firstIndex + e.Steps - 1, e.Steps),
            ["task_index"] = Range(taskIndex, taskIndex, e.Steps),
        };
        return (frames, stats);
    }

    /// <summary>Stats of an evenly spaced integer column from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static JsonObject Range(long from, long to, int count)
    {
        var s = new FeatureStats(1);
        for (var k = 0; k < count; k++) s.Add(count == 1 ? from : from + (to - from) * k / (count - 1));
        return s.ToJson();
    }

    private static LeRobotFrameWithStepData WithStepData(LeRobotFrame f, Episode e, int t) => new()
    {
        Image = f.Image, State = f.State, Action = f.Action, Reward = f.Reward, Done = f.Done, Success = f.Success, Timestamp = f.Timestamp,
        FrameIndex = f.FrameIndex, EpisodeIndex = f.EpisodeIndex, Index = f.Index, TaskIndex = f.TaskIndex,
        StepData = ActorStepRows.Row(e.ActorSteps![t]),
    };

    internal static byte[] Png(ReadOnlySpan<byte> rgb, int width, int height)
    {
        using var image = Image.LoadPixelData<Rgb24>(rgb, width, height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static JsonObject Info(DatasetHeader h, int episodes, long frames, int tasks, int stepDataWidth)
    {
        var features = new JsonObject
        {
            [LeRobotLayout.Image] = new JsonObject
            {
                ["dtype"] = "image", ["shape"] = new JsonArray(h.ImageHeight, h.ImageWidth, 3), ["names"] = new JsonArray("height", "width", "channel"),
            },
            [LeRobotLayout.State] = Feature("float32", h.ProprioDim),
            [LeRobotLayout.Action] = Feature("float32", Episode.ActionDim, h.ActionNames),
            [LeRobotLayout.Reward] = Feature("float32", 1),
            [LeRobotLayout.Done] = Feature("bool", 1),
            [LeRobotLayout.Success] = Feature("bool", 1),
        };
        if (stepDataWidth > 0) features[LeRobotLayout.StepData] = Feature("float32", stepDataWidth);
        foreach (var (name, dtype) in new[] { ("timestamp", "float32"), ("frame_index", "int64"), ("episode_index", "int64"), ("index", "int64"), ("task_index", "int64") })
            features[name] = Feature(dtype, 1);
        return new JsonObject
        {
            ["codebase_version"] = LeRobotLayout.CodebaseVersion,
            ["robot_type"] = h.Backend,
            ["total_episodes"] = episodes,
            ["total_frames"] = frames,
            ["total_tasks"] = tasks,
            ["total_videos"] = 0,
            ["total_chunks"] = episodes == 0 ? 0 : (episodes - 1) / LeRobotLayout.ChunksSize + 1,
            ["chunks_size"] = LeRobotLayout.ChunksSize,
            ["fps"] = h.ControlHz == Math.Round(h.ControlHz) ? (int)h.ControlHz : h.ControlHz,
            ["splits"] = new JsonObject { ["train"] = $"0:{episodes}" },
            ["data_path"] = LeRobotLayout.DataPath,
            ["video_path"] = null,
            ["features"] = features,
        };
    }

    private static JsonObject Feature(string dtype, int size, IReadOnlyList<string>? names = null) => new()
    {
        ["dtype"] = dtype,
        ["shape"] = new JsonArray(size),
        ["names"] = names is null ? null : new JsonArray(names.Select(n => (JsonNode)n).ToArray()),
    };

    /// <summary>The features as Hugging Face datasets records them in a Parquet file's metadata, so its readers decode the image column as images.</summary>
    private static string HuggingFaceFeatures(DatasetHeader h, int stepDataWidth)
    {
        static JsonObject Value(string dtype) => new() { ["dtype"] = dtype, ["_type"] = "Value" };
        static JsonObject Sequence(int length) => new() { ["feature"] = Value("float32"), ["length"] = length, ["_type"] = "Sequence" };
        var features = new JsonObject
        {
            [LeRobotLayout.Image] = new JsonObject { ["_type"] = "Image" },
            [LeRobotLayout.State] = Sequence(h.ProprioDim),
            [LeRobotLayout.Action] = Sequence(Episode.ActionDim),
            [LeRobotLayout.Reward] = Value("float32"),
            [LeRobotLayout.Done] = Value("bool"),
            [LeRobotLayout.Success] = Value("bool"),
            ["timestamp"] = Value("float32"),
            ["frame_index"] = Value("int64"),
            ["episode_index"] = Value("int64"),
            ["index"] = Value("int64"),
            ["task_index"] = Value("int64"),
        };
        if (stepDataWidth > 0) features[LeRobotLayout.StepData] = Sequence(stepDataWidth);
        return new JsonObject { ["info"] = new JsonObject { ["features"] = features } }.ToJsonString(Line);
    }
}
