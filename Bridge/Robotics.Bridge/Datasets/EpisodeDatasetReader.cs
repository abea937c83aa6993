using System.Collections;

namespace Robotics.Bridge;

/// <summary>
/// Reads an episode dataset lazily, one episode at a time. A file cut short or damaged throws
/// <see cref="DatasetCorruptException"/> naming the episode index where it broke, after yielding every whole
/// episode before it. Each enumeration opens the file afresh.
/// </summary>
public sealed class EpisodeDatasetReader : IEnumerable<Episode>
{
    /// <summary>Opens <paramref name="path"/> and reads its header (throws <see cref="DatasetCorruptException"/> if it is unreadable).</summary>
    public EpisodeDatasetReader(string path) => throw new NotImplementedException();

    public string Path => throw new NotImplementedException();

    public DatasetHeader Header => throw new NotImplementedException();

    public IEnumerator<Episode> GetEnumerator() => throw new NotImplementedException();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
