using Robotics.Policy.Model;
using Robotics.Policy.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests.Model;

/// <summary>DESIGN.md's MLP-head baseline: the same vision encoder and projector, all 7 tokens from one MLP, no decoder.</summary>
public class MlpActionHeadTests
{
    private static VlaConfig MicroMlp => TestPolicies.Micro with { Name = "micro-mlp", ActionHead = ActionHeadKind.Mlp, Layers = 0 };

    [Fact]
    public void Model_HasNoDecoderOrLmHead_AndEveryParameterBelongsToOnePart()
    {
        using var policy = TestPolicies.Create(MicroMlp);
        var names = policy.Model.named_parameters().Select(p => p.name).ToList();

        names.Should().NotContain(n => n.StartsWith("layers.", StringComparison.Ordinal) || n.StartsWith("lm_head.", StringComparison.Ordinal) || n.StartsWith("norm.", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("action_head.", StringComparison.Ordinal));
        names.Should().OnlyContain(n => Enum.GetValues<ModelPart>().Count(part => ModelParts.Holds(part, n)) == 1);
        names.Where(n => n.StartsWith("action_head.", StringComparison.Ordinal)).Should().OnlyContain(n => ModelParts.Holds(ModelPart.Head, n));
    }

    [Fact]
    public void Forward_IsParallel_AndGreedyActPicksEachTokensArgmax()
    {
        using var policy = TestPolicies.Create(MicroMlp);
        var obs = TestPolicies.Observations(policy.Config, batch: 3);
        using var scope = NewDisposeScope();
        using var inputs = policy.Prepare(obs);

        using var a = policy.Model.Forward(inputs, zeros(3, 7, dtype: ScalarType.Int64));
        using var b = policy.Model.Forward(inputs, full(3, 7, 200L, dtype: ScalarType.Int64));
        var step = policy.Act(obs, DecodingMode.Greedy);

        a.Logits.shape.Should().Equal(3, 7, 256);
        a.FirstActionHidden.shape.Should().Equal(3, policy.Config.Width);
        a.Logits.allclose(b.Logits).Should().BeTrue("no token's logits depend on the other tokens' bins");
        a.Logits.argmax(-1).data<long>().ToArray().Select(x => (int)x).Should().Equal(step.Bins);
    }

    [Fact]
    public void Sft_LearnsAFixedAction_AndTheCheckpointReloadsTheSameHead()
    {
        var config = MicroMlp;
        var obs = TestPolicies.Observations(config, 32, seed: 4);
        var bytes = config.ImageSize * config.ImageSize * 3;
        var labels = new[] { 10, 40, 90, 128, 170, 220, 250 };
        var items = Enumerable.Range(0, obs.BatchSize).Select(i => new Transition(
            obs.Images.AsSpan(i * bytes, bytes).ToArray(), obs.Proprio.AsSpan(i * config.ProprioDim, config.ProprioDim).ToArray(),
            obs.Instructions[i], labels)).ToList();
        using var policy = TestPolicies.Create(config);
        using (var sft = new Sft(policy, new TransitionSet(items, config.ImageSize, config.ImageSize, config.ProprioDim),
                   new SftOptions { BatchSize = 16, Updates = 60, Seed = 2, LearningRate = 3e-3, WarmupUpdates = 1 }))
            for (var i = 0; i < 60; i++) sft.Update();

        var step = policy.Act(obs, DecodingMode.Greedy);
        step.Bins.Chunk(7).Should().OnlyContain(row => row.SequenceEqual(labels), "60 updates on one label fit it at every token");
        var dir = Directory.CreateTempSubdirectory("mlp-head-").FullName;
        try
        {
            policy.Save(dir);
            using var loaded = VlaPolicy.Load(dir);
            loaded.Config.ActionHead.Should().Be(ActionHeadKind.Mlp);
            loaded.Act(obs, DecodingMode.Greedy).Bins.Should().Equal(step.Bins);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Validated_MlpHeadWithDecoderLayersOrWithoutTheInstruction_SaysWhatToChange()
    {
        (VlaConfig.TinyMlp with { Layers = 2 }).Problems().Should().ContainSingle().Which.Should().Contain("set Layers to 0");
        (VlaConfig.TinyMlp with { ProjectorSeesInstruction = false }).Problems().Should().ContainSingle().Which.Should().Contain("ProjectorSeesInstruction");
        VlaConfig.TinyMlp.Problems().Should().BeEmpty();
    }
}
