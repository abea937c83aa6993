using Robotics.Policy;
using Robotics.Policy.Model;

namespace Robotics.Policy.Tests.Model;

public class VlaConfigTests
{
    [Fact]
    public void OpenVla7B_ParameterCountFromTheConfig_IsAbout7Point5Billion()
    {
        // 7.54B stored; the model skips each ViT's last block, final norm and SigLIP's pooling head (unused by OpenVLA).
        var count = VlaConfig.OpenVla7B.ParameterCount();

        count.Should().BeInRange(7_400_000_000, 7_600_000_000);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("small")]
    [InlineData("mini-fused")]
    [InlineData("tiny-mixed")]
    [InlineData("tiny-mlp")]
    public void ParameterCount_EqualsTheAllocatedModel(string name)
    {
        var config = name switch
        {
            "mini-fused" => MiniFused,
            "tiny-mixed" => VlaConfig.Tiny with { GroupKeypoints = !VlaConfig.Tiny.GroupKeypoints },
            _ => VlaConfig.Preset(name),
        };
        using var model = new VlaModel(config);

        config.ParameterCount().Should().Be(model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Json_RoundTripsEveryPreset()
    {
        foreach (var config in new[] { VlaConfig.Tiny, VlaConfig.TinyMlp, VlaConfig.Small, VlaConfig.OpenVla7B })
        {
            VlaConfig.FromJson(config.ToJson()).Should().Be(config);
        }
    }

    [Fact]
    public void Validated_BadSizes_ListsEveryProblemWithTheFix()
    {
        var config = VlaConfig.Tiny with { Width = 130, Heads = 4, ImageSize = 30, Vision = VisionKind.ConvSpatialSoftmax };

        var act = () => config.Validated();

        act.Should().Throw<ArgumentException>().WithMessage("*Width 130 must be a positive multiple of Heads 4*ImageSize 30 must be a multiple of 4*");
        (VlaConfig.Tiny with { Vision = VisionKind.Vit, ProjectorSeesInstruction = false }).Problems().Should().ContainSingle().Which.Should().Contain("needs a Vit section");
    }

    [Fact]
    public void FromJson_UnknownFieldOrMalformed_ThrowsInvalidData()
    {
        var act = () => VlaConfig.FromJson("{\"Widht\": 128}");
        act.Should().Throw<InvalidDataException>().WithMessage("*Widht*");
        ((Action)(() => VlaConfig.FromJson("{"))).Should().Throw<InvalidDataException>();
        ((Action)(() => VlaConfig.Preset("huge"))).Should().Throw<ArgumentException>().WithMessage("*tiny, tiny-mlp, small or openvla-7b*");
    }

    /// <summary>OpenVLA's structure (DINOv2 with registers and LayerScale + SigLIP, 3-layer projector) at toy sizes.</summary>
    internal static VlaConfig MiniFused => VlaConfig.OpenVla7B with
    {
        Name = "mini-fused", ImageSize = 28,
        Vit = new VitConfig(16, 1, 2, 32, 14, ClassToken: true, RegisterTokens: 4, LayerScale: true, TanhGelu: false),
        FusedVit = new VitConfig(24, 1, 2, 40, 14, ClassToken: false, RegisterTokens: 0, LayerScale: false, TanhGelu: true),
        ProjectorHidden = 160, Width = 32, Layers = 2, Heads = 4, MlpHidden = 64, VocabSize = 300, PaddedVocabSize = 320, MaxSequenceLength = 128,
    };

    [Fact]
    public void Validated_ProprioStatisticsOfTheWrongLength_NamesTheProblem()
    {
        var config = VlaConfig.Tiny with { ProprioMean = new float[3], ProprioStd = new float[3] };
        config.Problems().Should().Contain(p => p.Contains("ProprioMean has 3 values", StringComparison.Ordinal));
        (VlaConfig.Tiny with { ProprioMean = new float[7] }).Problems().Should().Contain(p => p.Contains("go together", StringComparison.Ordinal));
    }

    [Fact]
    public void Act_ProprioStatistics_StandardiseProprioBeforeTheModel()
    {
        // A policy whose statistics map the observed proprio to zero acts exactly as a plain one seeing zeros.
        var proprio = Enumerable.Range(0, 7).Select(i => 0.1f * i).ToArray();
        using var plain = TestPolicies.Create(TestPolicies.Micro);
        // The same weights with statistics added to the saved config (two Create calls could differ: tests share torch's global RNG).
        var dir = Directory.CreateTempSubdirectory("proprio-stats-").FullName;
        plain.Save(dir);
        var configPath = Path.Combine(dir, "config.json");
        File.WriteAllText(configPath, (VlaConfig.FromJson(File.ReadAllText(configPath)) with { ProprioMean = proprio, ProprioStd = Enumerable.Repeat(2f, 7).ToArray() }).ToJson());
        using var standardised = VlaPolicy.Load(dir);
        Directory.Delete(dir, recursive: true);
        var zeros = TestPolicies.Observations(TestPolicies.Micro, 2) with { Proprio = new float[14] };
        var shifted = zeros with { Proprio = proprio.Concat(proprio).ToArray() };

        standardised.Act(shifted, DecodingMode.Greedy).Bins.Should().Equal(plain.Act(zeros, DecodingMode.Greedy).Bins);
    }
}
