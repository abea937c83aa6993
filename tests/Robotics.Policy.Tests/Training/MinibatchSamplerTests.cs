using Robotics.Policy.Training;

namespace Robotics.Policy.Tests.Training;

public class MinibatchSamplerTests
{
    [Fact]
    public void Next_OneEpoch_VisitsEveryIndexOnce()
    {
        var sampler = new MinibatchSampler(10, 5, seed: 3);
        sampler.Next().Concat(sampler.Next()).Should().BeEquivalentTo(Enumerable.Range(0, 10));
    }

    [Fact]
    public void Skip_AfterResume_YieldsTheBatchesAnUninterruptedRunWouldSee()
    {
        var uninterrupted = new MinibatchSampler(17, 4, seed: 11);
        int[] expected = [];
        for (var i = 0; i < 9; i++) expected = uninterrupted.Next();

        var resumed = new MinibatchSampler(17, 4, seed: 11);
        resumed.Skip(8);
        resumed.Next().Should().Equal(expected);
    }
}
