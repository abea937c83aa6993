using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

/// <summary>An episode dataset is cut short or damaged; names the file and the episode index where it broke.</summary>
public sealed class DatasetCorruptException : Exception
{
    public DatasetCorruptException(string path, int episodeIndex, string reason, Exception? inner = null)
        : base(episodeIndex < 0
            ? $"Episode dataset '{path}' is corrupt in its header: {reason}"
            : $"Episode dataset '{path}' is corrupt at episode {episodeIndex} (episodes 0..{episodeIndex - 1} are whole): {reason}", inner)
    {
        Path = path;
        EpisodeIndex = episodeIndex;
    }

    public string Path { get; }

    /// <summary>Index of the first episode that could not be read; -1 = the header itself.</summary>
    public int EpisodeIndex { get; }
}
