using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet.Serialization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets.LeRobot;

/// <summary>
/// Reads a LeRobot v2.1 dataset back into episodes: the one this project's <see cref="LeRobotExporter"/> writes
/// exactly, and another's where its features fit (one <c>observation.images.*</c> image feature stored in the Parquet
/// files, <c>observation.state</c>, a 7-value <c>action</c>). Videos (<c>dtype: video</c>) are not decoded.
/// </summary>
public sealed class LeRobotReader
{
    private readonly JsonObject _info;
    private readonly List<JsonObject> _episodes;
    private readonly List<string> _tasks;
    private readonly bool _hasStepData;

    public LeRobotReader(string directory)
    {
        Root = directory;
        var infoPath = Path.Combine(directory, LeRobotLayout.InfoFile);
        if (!File.Exists(infoPath)) throw new FileNotFoundException($"'{directory}' is not a LeRobot dataset: it has no {LeRobotLayout.InfoFile}", infoPath);
        _info = JsonNode.Parse(File.ReadAllText(infoPath))?.AsObject() ?? throw new InvalidDataException($"{infoPath} is empty");
        var version = (string?)_info["codebase_version"];
        if (version != LeRobotLayout.CodebaseVersion)
            throw new InvalidDataException($"{infoPath}: codebase_version {version ?? "(none)"}; this reader reads LeRobot {LeRobotLayout.CodebaseVersion} (convert it with LeRobot's own scripts first)");
        var features = _info["features"]?.AsObject() ?? throw new InvalidDataException($"{infoPath} lists no features");
        foreach (var (name, feature) in features)
        {
            if ((string?)feature?["dtype"] == "video")
                throw new InvalidDataException($"{infoPath}: feature '{name}' is stored as video; this reader reads images stored in the Parquet files");
        }
        foreach (var required in new[] { LeRobotLayout.Image, LeRobotLayout.State, LeRobotLayout.Action })
        {
            if (!features.ContainsKey(required)) throw new InvalidDataException($"{infoPath}: no '{required}' feature (this project's episodes need it)");
        }
        _hasStepData = features.ContainsKey(LeRobotLayout.StepData);
        _episodes = JsonLines(LeRobotLayout.EpisodesFile);
        _tasks = JsonLines(LeRobotLayout.TasksFile).OrderBy(t => (int)t["task_index"]!).Select(t => (string)t["task"]!).ToList();
        Header = ReadHeader(features);
    }

    /// <summary>The dataset's folder (holding meta/ and data/).</summary>
    public string Root { get; }

    public DatasetHeader Header { get; }

    public int Episodes => _episodes.Count;

    public async IAsyncEnumerable<Episode> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var meta in _episodes)
        {
            var index = (int)meta["episode_index"]!;
            var path = Path.Combine(Root, LeRobotLayout.DataFile(index));
            if (!File.Exists(path)) throw new FileNotFoundException($"episode {index}: no {LeRobotLayout.DataFile(index)}", path);
            IList<LeRobotFrame> frames = _hasStepData
                ? [.. (await ParquetSerializer.DeserializeAsync<LeRobotFrameWithStepData>(path, cancellationToken: ct)).Data]
                : (await ParquetSerializer.DeserializeAsync<LeRobotFrame>(path, cancellationToken: ct)).Data;
            yield return ToEpisode(meta, index, frames);
        }
    }

    private Episode ToEpisode(JsonObject meta, int index, IList<LeRobotFrame> frames)
    {
        var steps = frames.Count;
        if (meta["length"] is { } length && (int)length != steps)
            throw new InvalidDataException($"episode {index}: {LeRobotLayout.EpisodesFile} says {(int)length} frames, its Parquet file holds {steps}");
        int h = Header.ImageHeight, w = Header.ImageWidth, pixels = h * w * 3;
        var images = new byte[steps * pixels];
        var proprio = new float[steps * Header.ProprioDim];
        var actions = new float[steps * Episode.ActionDim];
        var rewards = new float[steps];
        var width = frames is [LeRobotFrameWithStepData first, ..] ? first.StepData.Length : 0;
        var stepData = width > 0 ? new float[steps * width] : null;
        for (var t = 0; t < steps; t++)
        {
            var f = frames[t];
            if (f.FrameIndex != t) throw new InvalidDataException($"episode {index}: row {t} is frame {f.FrameIndex}");
            Decode(f.Image.Bytes, w, h, images.AsSpan(t * pixels, pixels), index, t);
            Copy(f.State, proprio.AsSpan(t * Header.ProprioDim, Header.ProprioDim), LeRobotLayout.State, index, t);
            Copy(f.Action, actions.AsSpan(t * Episode.ActionDim, Episode.ActionDim), LeRobotLayout.Action, index, t);
            rewards[t] = f.Reward;
            if (stepData is not null) Copy(((LeRobotFrameWithStepData)f).StepData, stepData.AsSpan(t * width, width), LeRobotLayout.StepData, index, t);
        }
        var taskIndex = steps > 0 ? (int)frames[0].TaskIndex : 0;
        var instruction = taskIndex < _tasks.Count ? _tasks[taskIndex] : throw new InvalidDataException($"episode {index}: task_index {taskIndex} is not in {LeRobotLayout.TasksFile}");
        // Fields only this project's export writes; another's dataset gets the instruction as task id and success from next.success.
        var task = (string?)meta["robotics_task"] ?? instruction;
        var seed = meta["robotics_seed"] is { } s ? (ulong)s : (ulong)index;
        var success = meta["robotics_success"] is { } ok ? (bool)ok : steps > 0 && frames[^1].Success;
        var physicsError = meta["robotics_physics_error"] is { } pe && (bool)pe;
        return new Episode(task, instruction, seed, steps, h, w, images, Header.ProprioDim, proprio, actions, rewards,
            success, physicsError, Aborted: false, ActorStepRows.Unpack(width, stepData, steps));
    }

    private static void Decode(byte[] png, int width, int height, Span<byte> into, int episode, int frame)
    {
        using var image = Image.Load<Rgb24>(png);
        if (image.Width != width || image.Height != height)
            throw new InvalidDataException($"episode {episode} frame {frame}: a {image.Width}x{image.Height} image, the features say {width}x{height}");
        image.CopyPixelDataTo(into);
    }

    private static void Copy(float[] values, Span<float> into, string feature, int episode, int frame)
    {
        if (values.Length != into.Length)
            throw new InvalidDataException($"episode {episode} frame {frame}: '{feature}' has {values.Length} values, the features say {into.Length}");
        values.CopyTo(into);
    }

    private DatasetHeader ReadHeader(JsonObject features)
    {
        var own = Path.Combine(Root, LeRobotLayout.RoboticsHeaderFile);
        if (File.Exists(own))
            return JsonSerializer.Deserialize<DatasetHeader>(File.ReadAllText(own), LeRobotExporter.Json) ?? throw new InvalidDataException($"{own} is empty");
        var shape = features[LeRobotLayout.Image]!["shape"]!.AsArray();
        var names = features[LeRobotLayout.Action]!["names"] is JsonArray n ? n.Select(x => (string)x!).ToArray() : null;
        return new DatasetHeader
        {
            Backend = (string?)_info["robot_type"] ?? "lerobot",
            Tasks = _tasks,
            ImageHeight = (int)shape[0]!,
            ImageWidth = (int)shape[1]!,
            ProprioDim = (int)features[LeRobotLayout.State]!["shape"]![0]!,
            ActionNames = names is { Length: Episode.ActionDim } ? names : new DatasetHeader().ActionNames,
            ControlHz = (double)_info["fps"]!,
            Source = $"imported from the LeRobot dataset {Path.GetFullPath(Root)}",
        };
    }

    private List<JsonObject> JsonLines(string relative)
    {
        var path = Path.Combine(Root, relative);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{Root}' has no {relative}", path);
        return File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)?.AsObject() ?? throw new InvalidDataException($"{path}: an empty line")).ToList();
    }
}
