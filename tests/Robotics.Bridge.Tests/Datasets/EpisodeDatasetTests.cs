using Robotics.Bridge.Tests.Fakes;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Tests.Datasets;

public sealed class EpisodeDatasetTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WriteThenRead_RoundTripsEveryField(bool compress)
    {
        using var dir = new TempDirectory();
        var path = dir.File("demos.msgpack");
        var episodes = Enumerable.Range(0, 4).Select(i => EpisodeFactory.Make((ulong)i, steps: 3 + i, success: i % 2 == 0, actorSteps: i == 1)).ToList();

        using (var writer = EpisodeDatasetWriter.Create(path, EpisodeFactory.Header(), compress))
        {
            episodes.ForEach(writer.Write);
            writer.Complete();
        }
        var reader = new EpisodeDatasetReader(path);

        reader.Header.Backend.Should().Be("fake");
        reader.Header.SchemaVersion.Should().Be(DatasetHeader.CurrentSchemaVersion);
        reader.Compressed.Should().Be(compress);
        reader.Should().BeEquivalentTo(episodes, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Write_BeforeComplete_LeavesOnlyPartialFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("demos.msgpack");

        using (var writer = EpisodeDatasetWriter.Create(path, EpisodeFactory.Header()))
        {
            writer.Write(EpisodeFactory.Make(1));
            File.Exists(path).Should().BeFalse("a file being written must not look finished");
        }

        File.Exists(path).Should().BeFalse();
        File.Exists(path + ".partial").Should().BeTrue();
        var open = () => new EpisodeDatasetReader(path);
        open.Should().Throw<FileNotFoundException>().WithMessage("*.partial*");
    }

    [Fact]
    public void Write_AbortedEpisode_IsRefused()
    {
        using var dir = new TempDirectory();
        using var writer = EpisodeDatasetWriter.Create(dir.File("d.msgpack"), EpisodeFactory.Header());

        var write = () => writer.Write(EpisodeFactory.Make(3) with { Aborted = true });

        write.Should().Throw<ArgumentException>().WithMessage("*aborted*");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_TruncatedFile_YieldsWholeEpisodesThenNamesTheBrokenIndex(bool compress)
    {
        using var dir = new TempDirectory();
        var path = dir.File("demos.msgpack");
        var offsets = new List<long>();
        using (var writer = EpisodeDatasetWriter.Create(path, EpisodeFactory.Header(), compress))
        {
            for (var i = 0; i < 5; i++)
            {
                writer.Write(EpisodeFactory.Make((ulong)i));
                offsets.Add(writer.BytesWritten);
            }
            writer.Complete();
        }
        // Cut in the middle of episode 3.
        var cut = (offsets[2] + offsets[3]) / 2;
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(cut);

        var read = new List<Episode>();
        var enumerate = () => { foreach (var e in new EpisodeDatasetReader(path)) read.Add(e); };

        enumerate.Should().Throw<DatasetCorruptException>()
            .Where(e => e.EpisodeIndex == 3)
            .WithMessage("*episode 3*cut short*".Replace("cut short", "ends inside a record"));
        read.Select(e => e.Seed).Should().Equal(0UL, 1UL, 2UL);
    }

    [Fact]
    public void Read_FileCutAtARecordBoundary_ReportsMissingEndMarker()
    {
        using var dir = new TempDirectory();
        var path = dir.File("demos.msgpack");
        long afterTwo;
        using (var writer = EpisodeDatasetWriter.Create(path, EpisodeFactory.Header()))
        {
            writer.Write(EpisodeFactory.Make(1));
            writer.Write(EpisodeFactory.Make(2));
            afterTwo = writer.BytesWritten;
            writer.Write(EpisodeFactory.Make(3));
            writer.Complete();
        }
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(afterTwo);

        var read = new List<Episode>();
        var enumerate = () => { foreach (var e in new EpisodeDatasetReader(path)) read.Add(e); };

        enumerate.Should().Throw<DatasetCorruptException>().Where(e => e.EpisodeIndex == 2).WithMessage("*end marker*");
        read.Should().HaveCount(2);
    }

    [Fact]
    public void Read_FlippedByte_ReportsChecksumAtThatEpisode()
    {
        using var dir = new TempDirectory();
        var path = dir.File("demos.msgpack");
        var offsets = new List<long>();
        using (var writer = EpisodeDatasetWriter.Create(path, EpisodeFactory.Header(), compress: false))
        {
            for (var i = 0; i < 3; i++) { offsets.Add(writer.BytesWritten); writer.Write(EpisodeFactory.Make((ulong)i)); }
            writer.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        bytes[offsets[1] + 100] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var enumerate = () => new EpisodeDatasetReader(path).ToList();

        enumerate.Should().Throw<DatasetCorruptException>().Where(e => e.EpisodeIndex == 1).WithMessage("*checksum*");
    }

    [Fact]
    public void Open_NotADataset_ThrowsHeaderCorrupt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("junk.msgpack");
        File.WriteAllText(path, "this is not a dataset at all");

        var open = () => new EpisodeDatasetReader(path);

        open.Should().Throw<DatasetCorruptException>().Where(e => e.EpisodeIndex == -1);
    }
}
