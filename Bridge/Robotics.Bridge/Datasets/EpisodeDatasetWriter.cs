namespace Robotics.Bridge;

/// <summary>
/// Streams episodes into a MessagePack file (one record per episode, LZ4 by default). It writes to
/// <c>PATH.partial</c> and renames it to <c>PATH</c> only in <see cref="Complete"/>, after an end marker: a file being
/// written, or abandoned by a crash, is never mistaken for a finished one.
/// </summary>
public sealed class EpisodeDatasetWriter : IDisposable
{
    private EpisodeDatasetWriter() { }

    /// <summary>Creates the file (its directory too) and writes the header.</summary>
    public static EpisodeDatasetWriter Create(string path, DatasetHeader header, bool compress = true) => throw new NotImplementedException();

    /// <summary>The final path (valid after <see cref="Complete"/>).</summary>
    public string Path => throw new NotImplementedException();

    public int EpisodesWritten => throw new NotImplementedException();

    /// <summary>Appends one whole episode; aborted episodes are refused.</summary>
    public void Write(Episode episode) => throw new NotImplementedException();

    /// <summary>Writes the end marker, flushes to disk and renames <c>PATH.partial</c> to <c>PATH</c>.</summary>
    public void Complete() => throw new NotImplementedException();

    /// <summary>Closes the file; without <see cref="Complete"/> it stays <c>PATH.partial</c>.</summary>
    public void Dispose() { }
}
