using System.Buffers.Binary;
using System.IO.Hashing;

namespace Robotics.Bridge.Datasets;

/// <summary>
/// The on-disk frame of every record: a MessagePack array <c>[kind, crc32, payload]</c> written with fixed-width
/// encodings (12-byte prefix), so any MessagePack reader can walk the file, while this one can frame records
/// synchronously and tell a cut-short record (short read) from a damaged one (checksum).
/// </summary>
internal static class RecordFraming
{
    public const int PrefixBytes = 12;

    private const byte FixArray3 = 0x93;
    private const byte UInt32Marker = 0xce;
    private const byte Bin32Marker = 0xc6;

    public static void Write(Stream stream, RecordKind kind, ReadOnlySpan<byte> payload)
    {
        Span<byte> prefix = stackalloc byte[PrefixBytes];
        prefix[0] = FixArray3;
        prefix[1] = (byte)kind;
        prefix[2] = UInt32Marker;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[3..], Crc32.HashToUInt32(payload));
        prefix[7] = Bin32Marker;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[8..], (uint)payload.Length);
        stream.Write(prefix);
        stream.Write(payload);
    }

    /// <summary>Reads the next record; null at a clean end of file; throws <see cref="InvalidDataException"/> if cut short or damaged.</summary>
    public static (RecordKind Kind, byte[] Payload)? Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[PrefixBytes];
        var got = stream.ReadAtLeast(prefix, PrefixBytes, throwOnEndOfStream: false);
        if (got == 0) return null;
        if (got < PrefixBytes) throw new InvalidDataException($"the file ends inside a record header ({got} of {PrefixBytes} bytes)");
        if (prefix[0] != FixArray3 || prefix[2] != UInt32Marker || prefix[7] != Bin32Marker || prefix[1] > (byte)RecordKind.End)
            throw new InvalidDataException("a record header is damaged (not a robotics episode record)");
        var crc = BinaryPrimitives.ReadUInt32BigEndian(prefix[3..]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix[8..]);
        if (length > int.MaxValue) throw new InvalidDataException($"a record claims {length} bytes");
        var payload = new byte[length];
        var read = stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
        if (read < payload.Length) throw new InvalidDataException($"the file ends inside a record ({read} of {length} bytes)");
        if (Crc32.HashToUInt32(payload) != crc) throw new InvalidDataException("a record's checksum does not match (damaged bytes)");
        return ((RecordKind)prefix[1], payload);
    }
}
