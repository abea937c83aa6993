using System.Globalization;
using Robotics.Policy;
using Robotics.Policy.Actions;

namespace Robotics.Policy.Tests.Actions;

public class ActionNormalizerTests
{
    [Fact]
    public void FromActions_PercentilesAndMoments_MatchNumpy()
    {
        var random = new Random(5);
        var actions = Enumerable.Range(0, 7 * 301).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var values = string.Join(",", actions.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var output = Python.Run($$"""
            import numpy as np
            a = np.array([{{values}}], dtype=np.float32).reshape(-1, 7).astype(np.float64)
            for row in (np.quantile(a, 0.01, axis=0), np.quantile(a, 0.99, axis=0), a.mean(0), a.std(0)):
                print(" ".join(repr(float(v)) for v in row))
            """);
        var expected = output.Trim().Split('\n').Select(l => l.Split(' ').Select(v => (float)double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        var stats = ActionStatistics.FromActions(actions, 7);

        stats.Count.Should().Be(301);
        stats.Q01.Should().Equal(expected[0], (a, b) => Math.Abs(a - b) < 1e-6);
        stats.Q99.Should().Equal(expected[1], (a, b) => Math.Abs(a - b) < 1e-6);
        stats.Mean.Should().Equal(expected[2], (a, b) => Math.Abs(a - b) < 1e-5);
        stats.Std.Should().Equal(expected[3], (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void NormalizeThenUnnormalize_InsideRange_RoundTripsAndLeavesTheGripperAlone()
    {
        var normalizer = new ActionNormalizer([-0.1f, -0.2f, 0f, -1f, -1f, -1f, 0f], [0.1f, 0.2f, 0.5f, 1f, 1f, 1f, 1f], [true, true, true, true, true, true, false]);
        float[] actions = [0.05f, -0.2f, 0.25f, 0f, 0.5f, -0.5f, 1f];

        var normalised = normalizer.Normalize(actions);

        normalised.Should().Equal([0.5f, -1f, 0f, 0f, 0.5f, -0.5f, 1f], (a, b) => Math.Abs(a - b) < 1e-5);
        normalizer.Unnormalize(normalised).Should().Equal(actions, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void Normalize_OutsideQ01Q99_ClipsToTheEdges()
    {
        var normalizer = ActionNormalizer.FromStatistics(ActionStatistics.FromActions(Enumerable.Range(0, 700).Select(i => (float)(i % 7 == 6 ? 1 : i / 700.0)).ToArray(), 7));

        var normalised = normalizer.Normalize([100f, -100f, 0.5f, 0.5f, 0.5f, 0.5f, 0.3f]);

        normalised[0].Should().Be(1f);
        normalised[1].Should().Be(-1f);
        normalised[6].Should().Be(0.3f, "the gripper is not normalised");
    }

    [Fact]
    public void Normalize_NaNOrWrongShape_ThrowsWithTheReason()
    {
        var normalizer = ActionNormalizer.Identity();

        normalizer.Invoking(n => n.Normalize(new float[6])).Should().Throw<ArgumentException>().WithMessage("*[N, 7]*");
        normalizer.Invoking(n => n.Normalize([0, 0, float.NaN, 0, 0, 0, 0])).Should().Throw<ArgumentException>().WithMessage("*dimension 2 is NaN*");
        new ActionNormalizer([0f], [1f, 2f], [true]).Invoking(n => n.Validated()).Should().Throw<ArgumentException>().WithMessage("*disagree*");
    }
}
