using System.Text.Json;
using Robotics.Bridge.Datasets.LeRobot;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Tests.Datasets.LeRobot;

/// <summary>Episodes to LeRobot v2.1 and back, exactly; the files as LeRobot lays them out and as a second Parquet reader sees them.</summary>
public sealed class LeRobotRoundTripTests : IDisposable
{
    private readonly TempDirectory _tmp = new();

    private static readonly DatasetHeader Header = new()
    {
        Backend = "tabletop-mujoco", Tasks = ["pick_can", "open_drawer"], ImageHeight = 8, ImageWidth = 6, ProprioDim = 5, ControlHz = 10,
        Source = "test episodes",
    };

    /// <summary>Episodes with random pixels (so PNG must be lossless) and awkward floats (subnormal, negative zero, extremes).</summary>
    private static List<Episode> Episodes(bool actorSteps = false)
    {
        var rng = new Random(11);
        float Awkward(int i) => (i % 9) switch { 0 => -0f, 1 => float.Epsilon, 2 => float.MaxValue, 3 => -1e-30f, _ => (float)(rng.NextDouble() * 2 - 1) };
        Episode Make(string task, string instruction, ulong seed, int steps, bool success)
        {
            var images = new byte[steps * 8 * 6 * 3];
            rng.NextBytes(images);
            var rewards = new float[steps];
            if (success) rewards[^1] = 1;
            return new Episode(task, instruction, seed, steps, 8, 6, images, 5, Enumerable.Range(0, steps * 5).Select(Awkward).ToArray(),
                Enumerable.Range(0, steps * 7).Select(i => Awkward(i + 4)).ToArray(), rewards, success, PhysicsError: false, Aborted: false,
                actorSteps ? [.. Enumerable.Range(0, steps).Select(t => new ActorStep([.. Enumerable.Range(0, 7).Select(k => (t * 7 + k) % 256)],
                    [.. Enumerable.Range(0, 7).Select(k => -0.25f * (t * 7 + k))]))] : null);
        }
        return [Make("pick_can", "pick up the coke can", 12_345_678_901_234UL, 5, true), Make("open_drawer", "open the drawer", 7, 3, false),
                Make("pick_can", "pick up the coke can", ulong.MaxValue, 1, false)];
    }

    private static void ShouldBeExactly(IReadOnlyList<Episode> actual, IReadOnlyList<Episode> expected)
    {
        actual.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (a, e) = (actual[i], expected[i]);
            (a.Task, a.Instruction, a.Seed, a.Steps, a.Success, a.PhysicsError, a.ImageHeight, a.ImageWidth, a.ProprioDim, a.ActorSteps is null)
                .Should().Be((e.Task, e.Instruction, e.Seed, e.Steps, e.Success, e.PhysicsError, e.ImageHeight, e.ImageWidth, e.ProprioDim, e.ActorSteps is null));
            a.Images.Should().Equal(e.Images);
            // Bit patterns, so -0 and subnormals count as different from 0.
            a.Proprio.Select(BitConverter.SingleToInt32Bits).Should().Equal(e.Proprio.Select(BitConverter.SingleToInt32Bits));
            a.Actions.Select(BitConverter.SingleToInt32Bits).Should().Equal(e.Actions.Select(BitConverter.SingleToInt32Bits));
            a.Rewards.Should().Equal(e.Rewards);
            (a.ActorSteps ?? []).SelectMany(s => s.Bins).Should().Equal((e.ActorSteps ?? []).SelectMany(s => s.Bins));
            (a.ActorSteps ?? []).SelectMany(s => s.LogProbs).Select(BitConverter.SingleToInt32Bits)
                .Should().Equal((e.ActorSteps ?? []).SelectMany(s => s.LogProbs).Select(BitConverter.SingleToInt32Bits));
        }
    }

    private static async Task<List<Episode>> ReadAllAsync(LeRobotReader reader)
    {
        var episodes = new List<Episode>();
        await foreach (var e in reader.ReadAsync()) episodes.Add(e);
        return episodes;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExportThenRead_PreservesEveryEpisodeExactly(bool actorSteps)
    {
        var episodes = Episodes(actorSteps);
        var dir = _tmp.File("lerobot");

        var summary = await LeRobotExporter.ExportAsync(Header, episodes, dir);
        var reader = new LeRobotReader(dir);

        summary.Should().Be(new LeRobotExportSummary(3, 9, 2));
        ShouldBeExactly(await ReadAllAsync(reader), episodes);
        reader.Header.Should().BeEquivalentTo(Header);
    }

    [Fact]
    public async Task Export_WritesLeRobotV21Layout()
    {
        var dir = _tmp.File("lerobot");
        await LeRobotExporter.ExportAsync(Header, Episodes(), dir);

        File.Exists(Path.Combine(dir, "data/chunk-000/episode_000000.parquet")).Should().BeTrue();
        File.Exists(Path.Combine(dir, "data/chunk-000/episode_000002.parquet")).Should().BeTrue();
        using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "meta/info.json")));
        var root = info.RootElement;
        root.GetProperty("codebase_version").GetString().Should().Be("v2.1");
        (root.GetProperty("total_episodes").GetInt32(), root.GetProperty("total_frames").GetInt32(), root.GetProperty("total_tasks").GetInt32(), root.GetProperty("fps").GetInt32())
            .Should().Be((3, 9, 2, 10));
        root.GetProperty("data_path").GetString().Should().Be("data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet");
        root.GetProperty("splits").GetProperty("train").GetString().Should().Be("0:3");
        var features = root.GetProperty("features");
        features.GetProperty("observation.images.base").GetProperty("dtype").GetString().Should().Be("image");
        features.GetProperty("observation.images.base").GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).Should().Equal(8, 6, 3);
        features.GetProperty("action").GetProperty("names").EnumerateArray().Select(x => x.GetString()).Should().Equal(Header.ActionNames);
        features.GetProperty("observation.state").GetProperty("shape")[0].GetInt32().Should().Be(5);

        var tasks = File.ReadAllLines(Path.Combine(dir, "meta/tasks.jsonl"));
        tasks.Should().Equal("{\"task_index\":0,\"task\":\"pick up the coke can\"}", "{\"task_index\":1,\"task\":\"open the drawer\"}");
        var episodes = File.ReadAllLines(Path.Combine(dir, "meta/episodes.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        episodes.Select(e => e.GetProperty("length").GetInt32()).Should().Equal(5, 3, 1);
        episodes[1].GetProperty("tasks")[0].GetString().Should().Be("open the drawer");
        var stats = JsonDocument.Parse(File.ReadAllLines(Path.Combine(dir, "meta/episodes_stats.jsonl"))[0]).RootElement.GetProperty("stats");
        stats.GetProperty("action").GetProperty("min").GetArrayLength().Should().Be(7);
        stats.GetProperty("observation.images.base").GetProperty("mean").GetArrayLength().Should().Be(3, "per channel, shaped [3, 1, 1]");
        stats.GetProperty("index").GetProperty("max")[0].GetDouble().Should().Be(4);
        stats.GetProperty("frame_index").GetProperty("count")[0].GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task Export_ReadByHyparquet_HoldsTheSameFramesActionsAndPngImages()
    {
        var episodes = Episodes();
        var dir = _tmp.File("lerobot");
        await LeRobotExporter.ExportAsync(Header, episodes, dir);

        using var read = await Hyparquet.ReadAsync(Path.Combine(dir, "data/chunk-000/episode_000001.parquet"));

        var root = read.RootElement;
        root.GetProperty("rows").GetInt32().Should().Be(3);
        root.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).Should().Contain(
            ["observation.images.base", "observation.state", "action", "next.reward", "next.done", "timestamp", "frame_index", "episode_index", "index", "task_index"]);
        root.GetProperty("keyValue").GetProperty("huggingface").GetString().Should().Contain("\"_type\":\"Image\"");
        var rows = root.GetProperty("data").EnumerateArray().ToList();
        var e = episodes[1];
        for (var t = 0; t < e.Steps; t++)
        {
            var row = rows[t];
            row.GetProperty("action").EnumerateArray().Select(x => x.GetSingle()).Should().Equal(e.Actions.Skip(t * 7).Take(7));
            row.GetProperty("observation.state").EnumerateArray().Select(x => x.GetSingle()).Should().Equal(e.Proprio.Skip(t * 5).Take(5));
            (row.GetProperty("frame_index").GetInt64(), row.GetProperty("episode_index").GetInt64(), row.GetProperty("index").GetInt64(), row.GetProperty("task_index").GetInt64())
                .Should().Be((t, 1L, 5L + t, 1L));
            row.GetProperty("next.done").GetBoolean().Should().Be(t == e.Steps - 1);
            row.GetProperty("timestamp").GetSingle().Should().Be((float)(t / 10.0));
            var png = Convert.FromBase64String(row.GetProperty("observation.images.base").GetProperty("bytes").GetProperty("base64").GetString()!);
            png.Take(8).Should().Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, "the frame is an embedded PNG file");
        }
    }

    [Fact]
    public async Task Read_AnotherProjectsDataset_TakesTheHeaderFromInfoAndTheOutcomeFromNextSuccess()
    {
        var episodes = Episodes();
        var dir = _tmp.File("lerobot");
        await LeRobotExporter.ExportAsync(Header, episodes, dir);
        // As another project writes it: no meta/robotics.json, no robotics_* keys in episodes.jsonl.
        File.Delete(Path.Combine(dir, LeRobotLayout.RoboticsHeaderFile));
        var lines = File.ReadAllLines(Path.Combine(dir, LeRobotLayout.EpisodesFile))
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject())
            .Select(o => { foreach (var key in o.Select(kv => kv.Key).Where(k => k.StartsWith("robotics_", StringComparison.Ordinal)).ToList()) o.Remove(key); return o.ToJsonString(); });
        File.WriteAllLines(Path.Combine(dir, LeRobotLayout.EpisodesFile), lines);

        var reader = new LeRobotReader(dir);
        var read = await ReadAllAsync(reader);

        (reader.Header.ImageHeight, reader.Header.ImageWidth, reader.Header.ProprioDim, reader.Header.ControlHz, reader.Header.Backend)
            .Should().Be((8, 6, 5, 10.0, "tabletop-mujoco"));
        reader.Header.ActionNames.Should().Equal(Header.ActionNames);
        read.Select(e => (e.Task, e.Seed, e.Success)).Should().Equal(("pick up the coke can", 0UL, true), ("open the drawer", 1UL, false), ("pick up the coke can", 2UL, false));
        read.Select(e => e.Images).Should().BeEquivalentTo(episodes.Select(e => e.Images), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Export_IntoAFolderThatHoldsFiles_IsRefused()
    {
        var dir = _tmp.File("busy");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");

        var act = () => LeRobotExporter.ExportAsync(Header, Episodes(), dir);

        await act.Should().ThrowAsync<IOException>().WithMessage("*not empty*");
        File.ReadAllText(Path.Combine(dir, "keep.txt")).Should().Be("mine");
    }

    [Fact]
    public async Task Read_AnotherCodebaseVersion_SaysWhichItReads()
    {
        var dir = _tmp.File("lerobot");
        await LeRobotExporter.ExportAsync(Header, Episodes(), dir);
        var info = Path.Combine(dir, "meta/info.json");
        File.WriteAllText(info, File.ReadAllText(info).Replace("\"v2.1\"", "\"v3.0\""));

        var act = () => new LeRobotReader(dir);

        act.Should().Throw<InvalidDataException>().WithMessage("*v3.0*reads LeRobot v2.1*");
    }

    public void Dispose() => _tmp.Dispose();
}
