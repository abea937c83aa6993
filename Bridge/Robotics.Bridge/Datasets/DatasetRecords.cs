using System.Runtime.InteropServices;
using MessagePack;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

/// <summary>The header as stored; never compressed, so a reader learns the compression from it.</summary>
[MessagePackObject]
internal sealed class HeaderRecord
{
    public const string FileMagic = "robotics.episodes";

    [Key(0)] public string Magic { get; set; } = FileMagic;
    [Key(1)] public int SchemaVersion { get; set; }
    [Key(2)] public bool Lz4 { get; set; }
    [Key(3)] public string Backend { get; set; } = "";
    [Key(4)] public string[] Tasks { get; set; } = [];
    [Key(5)] public string Camera { get; set; } = "";
    [Key(6)] public int ImageHeight { get; set; }
    [Key(7)] public int ImageWidth { get; set; }
    [Key(8)] public int ProprioDim { get; set; }
    [Key(9)] public string[] ActionNames { get; set; } = [];
    [Key(10)] public string ActionSpace { get; set; } = "";
    [Key(11)] public double ControlHz { get; set; }
    [Key(12)] public string Source { get; set; } = "";
    [Key(13)] public long CreatedUnixMs { get; set; }

    public static HeaderRecord From(DatasetHeader h, bool lz4) => new()
    {
        SchemaVersion = h.SchemaVersion, Lz4 = lz4, Backend = h.Backend, Tasks = [.. h.Tasks], Camera = h.Camera,
        ImageHeight = h.ImageHeight, ImageWidth = h.ImageWidth, ProprioDim = h.ProprioDim, ActionNames = [.. h.ActionNames],
        ActionSpace = h.ActionSpace, ControlHz = h.ControlHz, Source = h.Source, CreatedUnixMs = h.CreatedUtc.ToUnixTimeMilliseconds(),
    };

    public DatasetHeader ToHeader() => new()
    {
        SchemaVersion = SchemaVersion, Backend = Backend, Tasks = Tasks, Camera = Camera, ImageHeight = ImageHeight,
        ImageWidth = ImageWidth, ProprioDim = ProprioDim, ActionNames = ActionNames, ActionSpace = ActionSpace,
        ControlHz = ControlHz, Source = Source, CreatedUtc = DateTimeOffset.FromUnixTimeMilliseconds(CreatedUnixMs),
    };
}

/// <summary>
/// One episode as stored: float tensors as raw little-endian bytes (4 bytes a value, fast to copy). The actor's steps are
/// float rows of <see cref="ActorStepRows"/>, typed here and nowhere else.
/// </summary>
[MessagePackObject]
internal sealed class EpisodeRecord
{
    [Key(0)] public string Task { get; set; } = "";
    [Key(1)] public string Instruction { get; set; } = "";
    [Key(2)] public ulong Seed { get; set; }
    [Key(3)] public int Steps { get; set; }
    [Key(4)] public int ImageHeight { get; set; }
    [Key(5)] public int ImageWidth { get; set; }
    [Key(6)] public byte[] Images { get; set; } = [];
    [Key(7)] public int ProprioDim { get; set; }
    [Key(8)] public byte[] Proprio { get; set; } = [];
    [Key(9)] public byte[] Actions { get; set; } = [];
    [Key(10)] public byte[] Rewards { get; set; } = [];
    [Key(11)] public bool Success { get; set; }
    [Key(12)] public bool PhysicsError { get; set; }
    [Key(13)] public int StepDataWidth { get; set; }
    [Key(14)] public byte[]? StepData { get; set; }

    public static EpisodeRecord From(Episode e) => new()
    {
        Task = e.Task, Instruction = e.Instruction, Seed = e.Seed, Steps = e.Steps, ImageHeight = e.ImageHeight,
        ImageWidth = e.ImageWidth, Images = e.Images, ProprioDim = e.ProprioDim, Proprio = Bytes(e.Proprio),
        Actions = Bytes(e.Actions), Rewards = Bytes(e.Rewards), Success = e.Success, PhysicsError = e.PhysicsError,
        StepDataWidth = ActorStepRows.WidthOf(e), StepData = ActorStepRows.Pack(e) is { } rows ? Bytes(rows) : null,
    };

    public Episode ToEpisode()
    {
        var episode = new Episode(Task, Instruction, Seed, Steps, ImageHeight, ImageWidth, Images, ProprioDim, Floats(Proprio),
            Floats(Actions), Floats(Rewards), Success, PhysicsError, Aborted: false,
            ActorStepRows.Unpack(StepDataWidth, StepData is null ? null : Floats(StepData), Steps));
        EpisodeShape.Check(episode);
        return episode;
    }

    private static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static float[] Floats(byte[] bytes)
    {
        if (bytes.Length % sizeof(float) != 0) throw new InvalidDataException($"a float tensor has {bytes.Length} bytes, not a multiple of 4");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}

/// <summary>The end marker: written last by <see cref="EpisodeDatasetWriter.Complete"/>.</summary>
[MessagePackObject]
internal sealed class EndRecord
{
    [Key(0)] public int Episodes { get; set; }
    [Key(1)] public long Steps { get; set; }
}
