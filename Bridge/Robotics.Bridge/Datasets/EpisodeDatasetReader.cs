using System.Collections;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

/// <summary>
/// Reads an episode dataset lazily, one episode at a time. A file cut short or damaged throws
/// <see cref="DatasetCorruptException"/> naming the episode index where it broke, after yielding every whole
/// episode before it; so does a file without its end marker (still being written, or abandoned).
/// Each enumeration opens the file afresh.
/// </summary>
public sealed class EpisodeDatasetReader : IEnumerable<Episode>
{
    private readonly bool _lz4;

    /// <summary>Opens <paramref name="path"/> and reads its header (throws <see cref="DatasetCorruptException"/> if it is unreadable).</summary>
    public EpisodeDatasetReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        using var stream = Open();
        var record = ReadHeader(stream);
        _lz4 = record.Lz4;
        Header = record.ToHeader();
    }

    public string Path { get; }

    public DatasetHeader Header { get; }

    /// <summary>Whether episode payloads are LZ4-compressed.</summary>
    public bool Compressed => _lz4;

    public IEnumerator<Episode> GetEnumerator()
    {
        using var stream = Open();
        ReadHeader(stream);
        for (var index = 0; ; index++)
        {
            var (kind, payload) = Next(stream, index);
            if (kind == RecordKind.End)
            {
                var end = Decode(payload, index, lz4: false, static (EndRecord r) => r);
                if (end.Episodes != index)
                    throw new DatasetCorruptException(Path, index, $"the end marker counts {end.Episodes} episodes but the file holds {index}");
                yield break;
            }
            if (kind != RecordKind.Episode)
                throw new DatasetCorruptException(Path, index, $"unexpected {kind} record");
            yield return Decode(payload, index, _lz4, static (EpisodeRecord r) => r.ToEpisode());
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private FileStream Open()
    {
        if (!File.Exists(Path))
        {
            var hint = File.Exists(Path + ".partial") ? $" ('{Path}.partial' exists: it is still being written or was abandoned)" : "";
            throw new FileNotFoundException($"No episode dataset at '{Path}'{hint}.", Path);
        }
        return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
    }

    private HeaderRecord ReadHeader(Stream stream)
    {
        var (kind, payload) = Next(stream, -1);
        if (kind != RecordKind.Header) throw new DatasetCorruptException(Path, -1, "the file does not start with a header");
        var header = Decode(payload, -1, lz4: false, static (HeaderRecord r) => r);
        if (header.Magic != HeaderRecord.FileMagic) throw new DatasetCorruptException(Path, -1, "not a robotics episode dataset");
        if (header.SchemaVersion > DatasetHeader.CurrentSchemaVersion)
            throw new DatasetCorruptException(Path, -1, $"schema version {header.SchemaVersion} is newer than this reader's {DatasetHeader.CurrentSchemaVersion}");
        return header;
    }

    private (RecordKind Kind, byte[] Payload) Next(Stream stream, int index)
    {
        try
        {
            return RecordFraming.Read(stream) ?? throw new DatasetCorruptException(Path, index,
                index < 0 ? "the file is empty" : "the file ends without its end marker (cut short, or still being written)");
        }
        catch (InvalidDataException e)
        {
            throw new DatasetCorruptException(Path, index, e.Message, e);
        }
    }

    private TOut Decode<TRecord, TOut>(byte[] payload, int index, bool lz4, Func<TRecord, TOut> convert)
    {
        try
        {
            return convert(DatasetSerializer.Deserialize<TRecord>(payload, lz4));
        }
        catch (Exception e) when (e is MessagePack.MessagePackSerializationException or InvalidDataException)
        {
            throw new DatasetCorruptException(Path, index, $"the record cannot be decoded ({e.InnerException?.Message ?? e.Message})", e);
        }
    }
}
