using Robotics.Bridge.Envs;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Tests.Envs;

/// <summary>A fleet's step: several servers' groups joined along the env axis, every optional field kept when all carry it.</summary>
public sealed class EnvStepConcatTests
{
    private const int Side = 2, ImageBytes = Side * Side * 3;

    /// <summary>A group of <paramref name="n"/> envs whose bytes and values all start from <paramref name="first"/>.</summary>
    private static EnvStep Group(int n, byte first, bool wrist)
    {
        byte[] Bytes(byte start) => Enumerable.Range(0, n * ImageBytes).Select(i => (byte)(start + i)).ToArray();
        return new EnvStep(n, Side, Side, Bytes(first), 1, Enumerable.Repeat((float)first, n).ToArray(),
            Enumerable.Repeat("pick up the can", n).ToArray(), Enumerable.Repeat("pick_can", n).ToArray(),
            new float[n], new bool[n], new bool[n], new bool[n], new bool[n], new int[n],
            Enumerable.Range(0, n).Select(i => (ulong)(first + i)).ToArray(), ExpertActions: null,
            WristImages: wrist ? Bytes((byte)(first + 100)) : null);
    }

    [Fact]
    public void WristImages_OfEveryGroup_AreJoinedInEnvOrder()
    {
        var a = Group(2, 0, wrist: true);
        var b = Group(1, 50, wrist: true);

        var joined = EnvStepConcat.Concat([a, b]);

        joined.NumEnvs.Should().Be(3);
        joined.WristImages.Should().Equal(a.WristImages!.Concat(b.WristImages!));
        joined.Images.Should().Equal(a.Images.Concat(b.Images));
        joined.EpisodeSeeds.Should().Equal(0UL, 1UL, 50UL);
    }

    [Fact]
    public void WristImages_MissingFromOneGroup_AreLeftOutRatherThanMisaligned()
    {
        var joined = EnvStepConcat.Concat([Group(2, 0, wrist: true), Group(1, 50, wrist: false)]);

        joined.WristImages.Should().BeNull("a wrist image for only some envs would put one env's view beside another's");
        joined.Images.Should().HaveCount(3 * ImageBytes);
    }
}
