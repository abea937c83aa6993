using Robotics.Policy.Training;

namespace Robotics.Policy.Tests.Training;

public class RandomShiftTests
{
    /// <summary>Two 8x8 images whose every pixel says where it is (red = x, green = y, blue = the image).</summary>
    private static ObservationBatch Grid()
    {
        const int size = 8;
        var images = new byte[2 * size * size * 3];
        for (var b = 0; b < 2; b++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var i = ((b * size + y) * size + x) * 3;
                    (images[i], images[i + 1], images[i + 2]) = ((byte)x, (byte)y, (byte)b);
                }
        return new ObservationBatch(2, size, size, images, 1, [0.5f, 0.25f], ["a", "b"]);
    }

    [Fact]
    public void Apply_MovesEachImageByOneOffsetWithinThePad_EdgesReplicated()
    {
        var batch = Grid();
        var offsets = new HashSet<(int, int)>();
        for (var seed = 0; seed < 40; seed++)
        {
            var shifted = RandomShift.Apply(batch, pad: 2, seed);
            for (var b = 0; b < 2; b++)
            {
                var pixel = (int x, int y) => shifted.Images.AsSpan(((b * 8 + y) * 8 + x) * 3, 3).ToArray();
                int dx = pixel(3, 3)[0] - 3, dy = pixel(3, 3)[1] - 3;
                (dx, dy).Should().Match<(int, int)>(d => Math.Abs(d.Item1) <= 2 && Math.Abs(d.Item2) <= 2);
                for (var y = 0; y < 8; y++)
                    for (var x = 0; x < 8; x++)
                        pixel(x, y).Should().Equal([(byte)Math.Clamp(x + dx, 0, 7), (byte)Math.Clamp(y + dy, 0, 7), (byte)b], "one offset for the whole image, borders replicated");
                offsets.Add((dx, dy));
            }
            shifted.Proprio.Should().Equal(batch.Proprio);
            shifted.Instructions.Should().Equal(batch.Instructions);
        }
        offsets.Should().HaveCountGreaterThan(10, "offsets are drawn over the whole 5 x 5 range");
    }

    [Fact]
    public void Apply_SameSeedSameOffsets_ZeroPadLeavesTheBatch()
    {
        var batch = Grid();

        RandomShift.Apply(batch, 3, seed: 7).Images.Should().Equal(RandomShift.Apply(batch, 3, seed: 7).Images);
        RandomShift.Apply(batch, 0, seed: 7).Should().BeSameAs(batch);
    }

    [Fact]
    public void KlSft_WithImageShift_IsRefused()
    {
        using var policy = TestPolicies.Create();
        var obs = TestPolicies.Observations(policy.Config, 4);
        var bytes = policy.Config.ImageSize * policy.Config.ImageSize * 3;
        var items = Enumerable.Range(0, 4).Select(i => new Transition(obs.Images.AsSpan(i * bytes, bytes).ToArray(),
            obs.Proprio.AsSpan(i * 7, 7).ToArray(), obs.Instructions[i], Enumerable.Repeat(3, 7).ToArray())).ToList();
        var data = new TransitionSet(items, policy.Config.ImageSize, policy.Config.ImageSize, 7);

        var act = () => new KlSft(policy, policy, data, new SftOptions { ImageShift = 2 }, klCoef: 1);

        act.Should().Throw<ArgumentException>().WithMessage("*ImageShift*KL-SFT*");
    }
}
