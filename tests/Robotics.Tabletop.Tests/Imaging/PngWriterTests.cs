using Robotics.Tabletop.Imaging;

namespace Robotics.Tabletop.Tests.Imaging;

public class PngWriterTests
{
    [Fact]
    public void Write_Rgb_HasSignatureHeaderAndSize()
    {
        var rgb = Enumerable.Range(0, 5 * 3 * 3).Select(i => (byte)i).ToArray();
        using var stream = new MemoryStream();

        PngWriter.Write(stream, rgb, 5, 3);

        var bytes = stream.ToArray();
        bytes.Take(8).Should().Equal(137, 80, 78, 71, 13, 10, 26, 10);
        System.Text.Encoding.ASCII.GetString(bytes, 12, 4).Should().Be("IHDR");
        System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)).Should().Be(5);
        System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)).Should().Be(3);
        System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4).Should().Be("IEND");
    }

    [Fact]
    public void Write_WrongLength_Throws()
    {
        var act = () => PngWriter.Write(new MemoryStream(), new byte[10], 5, 3);
        act.Should().Throw<ArgumentException>();
    }
}
