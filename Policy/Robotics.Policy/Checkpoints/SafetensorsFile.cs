using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Robotics.Policy.Checkpoints;

/// <summary>
/// safetensors through TorchSharp.PyBridge, with the header checked first (length, JSON, every tensor's byte range inside the
/// file), so a truncated or foreign file is a <see cref="CheckpointException"/> and never a half-read tensor.
/// </summary>
internal static class SafetensorsFile
{
    public sealed record Entry(string DType, long[] Shape, long Begin, long End);

    public static Dictionary<string, Entry> ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"missing weights file {path}");
        using var stream = File.OpenRead(path);
        var fileLength = stream.Length;
        if (fileLength < 8) throw new CheckpointException($"{path} is truncated ({fileLength} bytes): not a safetensors file");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BitConverter.ToUInt64(lengthBytes);
        if (headerLength == 0 || headerLength > (ulong)(fileLength - 8) || headerLength > 100_000_000)
            throw new CheckpointException($"{path} is truncated or not safetensors (header of {headerLength} bytes in a {fileLength}-byte file)");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var entries = new Dictionary<string, Entry>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__") continue;
                var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                entries[property.Name] = new Entry(property.Value.GetProperty("dtype").GetString() ?? "", shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new CheckpointException($"{path} has a malformed safetensors header: {e.Message}", e);
        }
        var dataLength = fileLength - 8 - (long)headerLength;
        var beyond = entries.FirstOrDefault(e => e.Value.End > dataLength || e.Value.Begin > e.Value.End);
        if (beyond.Key is not null)
            throw new CheckpointException($"{path} is truncated: tensor '{beyond.Key}' needs bytes up to {beyond.Value.End} of its data section, which has {dataLength}");
        return entries;
    }

    /// <summary>Reads the tensors named in <paramref name="keys"/> (all when null), after checking the header.</summary>
    public static Dictionary<string, Tensor> Read(string path, IEnumerable<string>? keys = null)
    {
        var header = ReadHeader(path);
        var wanted = keys?.Where(header.ContainsKey).ToList();
        try
        {
            return Safetensors.LoadStateDict(path, wanted ?? header.Keys.ToList());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CheckpointException($"{path} could not be read: {e.Message}", e);
        }
    }

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        // PyBridge's path overload recurses into itself; the stream overload is the working one.
        using var stream = File.Create(path);
        Safetensors.SaveStateDict(stream, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.cpu().contiguous()), leaveOpen: true);
        stream.Flush(flushToDisk: true);
    }
}
