using PureHDF;
using PureHDF.VOL.Native;

namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>
/// Reads a ManiSkill3 demonstration file: <c>trajectory.h5</c> (one group <c>traj_{episode_id}</c> per episode) and the JSON
/// beside it (ManiSkill3 docs, docs/source/user_guide/datasets/demos.md), with PureHDF. Missing parts (no observations, no
/// such camera) are <see cref="InvalidDataException"/>s that say how to get them.
/// </summary>
internal sealed class ManiSkillTrajectoryFile : IDisposable
{
    private readonly NativeFile _file;

    private ManiSkillTrajectoryFile(string path, NativeFile file, ManiSkillTrajectoryMetadata metadata)
    {
        Path = path;
        _file = file;
        Metadata = metadata;
    }

    public string Path { get; }

    public ManiSkillTrajectoryMetadata Metadata { get; }

    /// <summary>The controller the actions were recorded with (env_kwargs.control_mode, else the first episode's).</summary>
    public string ControlMode => Metadata.EnvInfo.Kwarg("control_mode") ?? Metadata.Episodes.FirstOrDefault()?.ControlMode ?? "";

    /// <summary>Opens <paramref name="h5Path"/> and its metadata (default: the same path with <c>.json</c>).</summary>
    public static ManiSkillTrajectoryFile Open(string h5Path, string? jsonPath = null)
    {
        if (!File.Exists(h5Path)) throw new FileNotFoundException($"no ManiSkill trajectory file at {h5Path}", h5Path);
        jsonPath ??= System.IO.Path.ChangeExtension(h5Path, ".json");
        if (!File.Exists(jsonPath))
            throw new FileNotFoundException($"{h5Path} needs its metadata {jsonPath} (ManiSkill writes both; it names the env and control mode)", jsonPath);
        var metadata = ManiSkillTrajectoryMetadata.Load(jsonPath);
        NativeFile file;
        try
        {
            file = H5File.OpenRead(h5Path);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new InvalidDataException($"{h5Path} is not an HDF5 file: {e.Message}", e);
        }
        return new ManiSkillTrajectoryFile(h5Path, file, metadata);
    }

    /// <summary>The cameras with RGB in the first episode's observations.</summary>
    public IReadOnlyList<string> Cameras()
    {
        var first = Metadata.Episodes.FirstOrDefault();
        if (first is null) return [];
        var path = $"traj_{first.EpisodeId}/obs/sensor_data";
        if (!_file.LinkExists(path)) return [];
        return _file.Group(path).Children().OfType<IH5Group>().Where(g => g.LinkExists("rgb")).Select(g => g.Name).ToList();
    }

    /// <summary>Reads episode <paramref name="info"/> with <paramref name="camera"/>'s RGB.</summary>
    public ManiSkillEpisodeData Read(ManiSkillEpisodeInfo info, string camera)
    {
        var name = $"traj_{info.EpisodeId}";
        if (!_file.LinkExists(name)) throw new InvalidDataException($"{Path} has no group {name} for episode {info.EpisodeId} of its JSON");
        var group = _file.Group(name);
        var (actions, actionDims) = Floats(group, "actions");
        if (actionDims.Length != 2) throw new InvalidDataException($"{name}/actions has shape [{string.Join(",", actionDims)}], expected [T, A]");
        var steps = (int)actionDims[0];
        var rgbPath = $"obs/sensor_data/{camera}/rgb";
        if (!group.LinkExists("obs"))
            throw new InvalidDataException($"{name} has no observations (recorded with obs_mode none); replay it with images: " +
                                           $"python -m mani_skill.trajectory.replay_trajectory --traj-path {Path} -o rgb --save-traj");
        if (!group.LinkExists(rgbPath)) throw new InvalidDataException($"{name} has no {rgbPath}; cameras: {string.Join(", ", Cameras())}");
        var rgbSet = group.Dataset(rgbPath);
        var rgbDims = rgbSet.Space.Dimensions;
        if (rgbDims.Length != 4 || rgbDims[3] < 3 || (int)rgbDims[0] != steps + 1)
            throw new InvalidDataException($"{name}/{rgbPath} has shape [{string.Join(",", rgbDims)}], expected [{steps + 1}, H, W, 3] (T + 1 frames)");
        var rgb = rgbSet.Read<byte[]>();
        if (rgbDims[3] > 3) rgb = DropChannels(rgb, (int)rgbDims[3]);
        var (qpos, qposDims) = Floats(group, "obs/agent/qpos");
        if (qposDims.Length != 2 || (int)qposDims[0] != steps + 1)
            throw new InvalidDataException($"{name}/obs/agent/qpos has shape [{string.Join(",", qposDims)}], expected [{steps + 1}, P]");
        var success = group.LinkExists("success") ? Bools(group.Dataset("success")) : new bool[steps];
        var rewards = group.LinkExists("rewards") ? Floats(group, "rewards").Values : null;
        if (success.Length != steps || (rewards is not null && rewards.Length != steps))
            throw new InvalidDataException($"{name}: success / rewards do not have {steps} entries");
        return new ManiSkillEpisodeData(info, steps, (int)actionDims[1], actions, (int)qposDims[1], qpos,
            (int)rgbDims[1], (int)rgbDims[2], rgb, success, rewards);
    }

    public void Dispose() => _file.Dispose();

    private static (float[] Values, ulong[] Dims) Floats(IH5Group group, string path)
    {
        if (!group.LinkExists(path)) throw new InvalidDataException($"{group.Name}/{path} is missing");
        var dataset = group.Dataset(path);
        var dims = dataset.Space.Dimensions;
        return dataset.Type.Class == H5DataTypeClass.FloatingPoint && dataset.Type.Size == 8
            ? (dataset.Read<double[]>().Select(v => (float)v).ToArray(), dims)
            : (dataset.Read<float[]>(), dims);
    }

    private static bool[] Bools(IH5Dataset dataset)
    {
        // h5py stores numpy bools as an 8-bit enum (FALSE = 0, TRUE = 1).
        return dataset.Read<byte[]>().Select(b => b != 0).ToArray();
    }

    private static byte[] DropChannels(byte[] pixels, int channels)
    {
        var count = pixels.Length / channels;
        var rgb = new byte[count * 3];
        for (var i = 0; i < count; i++) pixels.AsSpan(i * channels, 3).CopyTo(rgb.AsSpan(i * 3));
        return rgb;
    }
}
