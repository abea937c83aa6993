using MessagePack;
using MessagePack.Resolvers;

namespace Robotics.Bridge.Datasets;

/// <summary>MessagePack options for record payloads: plain, or LZ4 block arrays (chunks of up to 64 KB each).</summary>
internal static class DatasetSerializer
{
    private static readonly MessagePackSerializerOptions Plain =
        StandardResolverAllowPrivate.Options.WithSecurity(MessagePackSecurity.UntrustedData);

    private static readonly MessagePackSerializerOptions Lz4 = Plain.WithCompression(MessagePackCompression.Lz4BlockArray);

    public static byte[] Serialize<T>(T value, bool lz4) => MessagePackSerializer.Serialize(value, lz4 ? Lz4 : Plain);

    public static T Deserialize<T>(byte[] payload, bool lz4) => MessagePackSerializer.Deserialize<T>(payload, lz4 ? Lz4 : Plain);
}
