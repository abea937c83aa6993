using System.Globalization;
using Robotics.Policy;
using Robotics.Policy.Actions;

namespace Robotics.Policy.Tests.Actions;

public class ActionTokenizerTests
{
    private static readonly float[] Values = BuildValues();

    private static float[] BuildValues()
    {
        var edges = Enumerable.Range(0, 256).Select(i => (float)(-1.0 + i * (2.0 / 255))).ToList();
        var special = new[] { -1f, 1f, 0f, -1.5f, 1.5f, 7f, -0.999f, 0.999f, 0.5f, -0.5f, 1e-7f, -1e-7f };
        var random = new Random(3);
        var uniform = Enumerable.Range(0, 200).Select(_ => (float)(random.NextDouble() * 2.4 - 1.2));
        return edges.Concat(special).Concat(uniform).ToArray();
    }

    [Fact]
    public void EncodeAndDecode_AgainstNumpyRunningOpenVlasAlgorithm_MatchExactly()
    {
        var values = string.Join(",", Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        // OpenVLA's ActionTokenizer, verbatim in numpy: float32 actions, float64 bins.
        var output = Python.Run($$"""
            import numpy as np
            vocab = 32000
            bins = np.linspace(-1, 1, 256)
            centers = (bins[:-1] + bins[1:]) / 2.0
            x = np.array([{{values}}], dtype=np.float32)
            tokens = vocab - np.digitize(np.clip(x, -1, 1), bins)
            decoded = centers[np.clip(vocab - tokens - 1, a_min=0, a_max=centers.shape[0] - 1)]
            for t, d in zip(tokens, decoded): print(int(t), repr(float(d)))
            """);
        var rows = output.Trim().Split('\n').Select(l => l.Split(' ')).ToArray();
        var tokenizer = new ActionTokenizer(32000);

        rows.Should().HaveCount(Values.Length);
        for (var i = 0; i < Values.Length; i++)
        {
            var token = tokenizer.EncodeToken(Values[i]);
            token.Should().Be(int.Parse(rows[i][0], CultureInfo.InvariantCulture), $"value {Values[i]:R}");
            tokenizer.DecodeToken(token).Should().Be((float)double.Parse(rows[i][1], CultureInfo.InvariantCulture), $"value {Values[i]:R}");
            tokenizer.DecodeHeadIndex(tokenizer.EncodeHeadIndex(Values[i])).Should().Be(tokenizer.DecodeToken(token));
        }
    }

    [Fact]
    public void HeadIndex_MapsToTheLast256TokenIds()
    {
        var tokenizer = new ActionTokenizer(32000);

        tokenizer.HeadIndexToToken(0).Should().Be(31744);
        tokenizer.HeadIndexToToken(255).Should().Be(31999);
        tokenizer.EncodeHeadIndex(1f).Should().Be(0, "digitize(1) = 256 -> token 31744");
        tokenizer.EncodeHeadIndex(-1f).Should().Be(255, "digitize(-1) = 1 -> token 31999");
        tokenizer.Invoking(t => t.TokenToHeadIndex(31743)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*not an action token*");
    }

    [Fact]
    public void Digitize_NaN_ThrowsInsteadOfBinning()
    {
        new ActionTokenizer(512).Invoking(t => t.EncodeToken(float.NaN)).Should().Throw<ArgumentException>().WithMessage("*NaN*");
    }
}
