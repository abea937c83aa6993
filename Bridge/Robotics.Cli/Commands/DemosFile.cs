using Robotics.Policy;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Rollouts;
using Robotics.Policy.Language;
using Robotics.Policy.Model;

namespace Robotics.Cli.Commands;

/// <summary><c>train --demos-file F</c>: SFT demonstrations from an episode dataset (e.g. <c>dataset import</c>) instead of an expert.</summary>
internal static class DemosFile
{
    /// <summary>The first <paramref name="count"/> episodes of <paramref name="task"/> in <paramref name="path"/>, checked against the policy's inputs.</summary>
    public static List<Episode> Load(string path, string task, int count, VlaConfig policy)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--demos-file {path} does not exist", path);
        if (count < 1) throw new ArgumentException($"--demos must be positive, got {count}");
        var reader = new EpisodeDatasetReader(path);
        var header = reader.Header;
        if (header.ImageHeight != policy.ImageSize || header.ImageWidth != policy.ImageSize)
            throw new ArgumentException($"--demos-file {path} has {header.ImageHeight}x{header.ImageWidth} images; the policy takes {policy.ImageSize}x{policy.ImageSize} " +
                                        $"(re-import with --image-size {policy.ImageSize})");
        if (header.ProprioDim != policy.ProprioDim)
            throw new ArgumentException($"--demos-file {path} has {header.ProprioDim} proprio values per step; the policy takes {policy.ProprioDim}");
        var episodes = reader.Where(e => e.Task == task).Take(count).ToList();
        if (episodes.Count == 0)
            throw new ArgumentException($"--demos-file {path} has no episodes of task '{task}'; it holds: {string.Join(", ", header.Tasks)} (pass that as --task, or import with --task {task})");
        return episodes;
    }
}
