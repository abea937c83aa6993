using System.Runtime.InteropServices;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Rollouts;
using Robotics.Bridge.Tests.Fakes;

namespace Robotics.Bridge.Tests.Datasets;

/// <summary>Typed actor steps against the stored float rows: the layout files had before the steps were typed, both ways.</summary>
public sealed class ActorStepRowsTests
{
    [Fact]
    public void From_ActorSteps_StoresBinsThenLogProbsAsFloatRows()
    {
        var episode = EpisodeFactory.Make(4, steps: 3, actorSteps: true);

        var record = EpisodeRecord.From(episode);

        var expected = episode.ActorSteps!.SelectMany(s => s.Bins.Select(b => (float)b).Concat(s.LogProbs)).ToArray();
        record.StepDataWidth.Should().Be(14);
        record.StepData.Should().Equal(MemoryMarshal.AsBytes(expected.AsSpan()).ToArray());
    }

    [Fact]
    public void ToEpisode_RowsOfWidth14_ReadAsStepsAndWriteBackByteIdentical()
    {
        var rows = Enumerable.Range(0, 2 * 14).Select(i => i % 14 < 7 ? (float)(i * 9 % 256) : -0.125f * i).ToArray();
        var record = EpisodeRecord.From(EpisodeFactory.Make(5, steps: 2));
        record.StepDataWidth = 14;
        record.StepData = MemoryMarshal.AsBytes(rows.AsSpan()).ToArray();

        var episode = record.ToEpisode();

        episode.ActorSteps!.Select(s => s.Bins).Should().BeEquivalentTo(new[] { new[] { 0, 9, 18, 27, 36, 45, 54 }, new[] { 126, 135, 144, 153, 162, 171, 180 } },
            o => o.WithStrictOrdering());
        episode.ActorSteps![1].LogProbs.Should().Equal(Enumerable.Range(21, 7).Select(i => -0.125f * i));
        EpisodeRecord.From(episode).StepData.Should().Equal(record.StepData);
    }

    [Fact]
    public void ToEpisode_NoStepData_HasNoActorSteps()
    {
        var record = EpisodeRecord.From(EpisodeFactory.Make(6, steps: 2));

        (record.StepDataWidth, record.StepData).Should().Be((0, (byte[]?)null));
        record.ToEpisode().ActorSteps.Should().BeNull();
    }

    [Fact]
    public void ToEpisode_StepDataOfAnotherWidth_IsRefused()
    {
        var record = EpisodeRecord.From(EpisodeFactory.Make(7, steps: 2));
        record.StepDataWidth = 3;
        record.StepData = new byte[2 * 3 * sizeof(float)];

        var read = () => record.ToEpisode();

        read.Should().Throw<InvalidDataException>().WithMessage("*3 values a step*");
    }
}
