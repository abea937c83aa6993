using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

/// <summary>
/// Streams episodes into a MessagePack file (one record per episode, LZ4 by default). It writes to
/// <c>PATH.partial</c> and renames it to <c>PATH</c> only in <see cref="Complete"/>, after an end marker: a file being
/// written, or abandoned by a crash, is never mistaken for a finished one.
/// </summary>
public sealed class EpisodeDatasetWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly bool _lz4;
    private readonly string _partialPath;
    private long _steps;
    private bool _completed;

    private EpisodeDatasetWriter(string path, FileStream stream, bool lz4)
    {
        Path = path;
        _partialPath = stream.Name;
        _stream = stream;
        _lz4 = lz4;
    }

    /// <summary>Creates <c>PATH.partial</c> (and the directory) and writes the header.</summary>
    public static EpisodeDatasetWriter Create(string path, DatasetHeader header, bool compress = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(header);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var stream = new FileStream(full + ".partial", FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        var writer = new EpisodeDatasetWriter(full, stream, compress);
        RecordFraming.Write(stream, RecordKind.Header, DatasetSerializer.Serialize(HeaderRecord.From(header, compress), lz4: false));
        return writer;
    }

    /// <summary>The final path (the file exists there after <see cref="Complete"/>).</summary>
    public string Path { get; }

    public int EpisodesWritten { get; private set; }

    /// <summary>Bytes written so far (header and episodes).</summary>
    public long BytesWritten => _stream.Position;

    /// <summary>Appends one whole episode; aborted episodes are refused (they are neither successes nor failures).</summary>
    public void Write(Episode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (episode.Aborted)
            throw new ArgumentException($"Episode of '{episode.Task}' seed {episode.Seed} was aborted by a simulator failure; it is not written.", nameof(episode));
        EpisodeShape.Check(episode);
        RecordFraming.Write(_stream, RecordKind.Episode, DatasetSerializer.Serialize(EpisodeRecord.From(episode), _lz4));
        EpisodesWritten++;
        _steps += episode.Steps;
    }

    /// <summary>Writes the end marker, flushes to disk and renames <c>PATH.partial</c> to <c>PATH</c>.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        RecordFraming.Write(_stream, RecordKind.End, DatasetSerializer.Serialize(new EndRecord { Episodes = EpisodesWritten, Steps = _steps }, lz4: false));
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_partialPath, Path, overwrite: true);
        _completed = true;
    }

    /// <summary>Closes the file; without <see cref="Complete"/> it stays <c>PATH.partial</c>.</summary>
    public void Dispose()
    {
        if (!_completed) _stream.Dispose();
        _completed = true;
    }
}
