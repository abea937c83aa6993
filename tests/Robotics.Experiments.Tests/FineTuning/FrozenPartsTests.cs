using Robotics.Bridge.Rollouts;
using Robotics.Experiments.FineTuning;
using Robotics.Policy;
using Robotics.Policy.Model;
using static TorchSharp.torch;

namespace Robotics.Experiments.Tests.FineTuning;

/// <summary>A run's frozen parts (<see cref="FineTuneOptions.Frozen"/>) end exactly as the base's; the rest of the model trains.</summary>
public sealed class FrozenPartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("frozen-").FullName;

    // PPO rather than GRPO: a micro policy's rollouts all fail, so GRPO's groups carry no gradient, while PPO's critic still moves the trunk.
    public static TheoryData<FineTuneMethod> Methods => new() { FineTuneMethod.Sft, FineTuneMethod.KlSft, FineTuneMethod.Ppo };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task RunAsync_DecoderFrozen_DecoderBitIdenticalToTheBase_OtherPartsMove(FineTuneMethod method)
    {
        await using var env = await MicroRun.EnvAsync();
        using var basePolicy = MicroRun.Base();
        var runner = new FineTuneRunner(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }), progress: false);
        var options = new FineTuneOptions
        {
            Method = method, Frozen = [ModelPart.Decoder], CheckpointEvery = 2, KlCoef = method == FineTuneMethod.KlSft ? 0.5 : 0, KlProbeEpisodes = 2, KlProbeStates = 12,
            Sft = new() { Updates = 4, LearningRate = 1e-3, BatchSize = 8, Seed = 3 },
            Ppo = new() { Iterations = 2, EpisodesPerIteration = 4, MinibatchSize = 8, LearningRate = 1e-3, Seed = 3 },
        };
        var run = Path.Combine(_dir, method.ToString());

        await runner.RunAsync(basePolicy, options, MicroRun.Demos(), run);

        using var trained = VlaPolicy.Load(new RunCheckpoints(run).PathFor(options.Steps));
        var before = Parameters(basePolicy);
        var after = Parameters(trained);
        var decoder = before.Keys.Where(n => ModelParts.Holds(ModelPart.Decoder, n)).ToList();
        decoder.Should().NotBeEmpty();
        foreach (var name in decoder) after[name].Should().Equal(before[name], $"{name} is in the frozen decoder");
        var moved = before.Keys.Except(decoder).Where(n => !after[n].SequenceEqual(before[n])).ToList();
        moved.Should().Contain(n => ModelParts.Holds(ModelPart.Vision, n) || ModelParts.Holds(ModelPart.Projector, n), "the unfrozen parts still train");
        basePolicy.Model.parameters().Should().OnlyContain(p => p.requires_grad, "freezing the run's copy leaves the base as it was");
    }

    [Fact]
    public void Freeze_MarksExactlyThePartsParameters()
    {
        using var policy = MicroRun.Base();
        var count = policy.Freeze([ModelPart.Head, ModelPart.Embeddings]);

        count.Should().Be(2, "the LM head and the token embeddings are one weight each");
        foreach (var (name, p) in policy.Model.named_parameters())
            p.requires_grad.Should().Be(!(name.StartsWith("lm_head.", StringComparison.Ordinal) || name.StartsWith("embed_tokens.", StringComparison.Ordinal)), name);
    }

    [Fact]
    public void Parts_CoverEveryParameterOfTheModel_EachOnce()
    {
        using var policy = MicroRun.Base();
        foreach (var (name, _) in policy.Model.named_parameters())
            Enum.GetValues<ModelPart>().Count(part => ModelParts.Holds(part, name)).Should().Be(1, name);
    }

    [Theory]
    [InlineData("decoder", new[] { ModelPart.Decoder })]
    [InlineData(" Vision , head,vision", new[] { ModelPart.Vision, ModelPart.Head })]
    [InlineData("", new ModelPart[0])]
    public void Parse_ReadsCommaSeparatedNames(string list, ModelPart[] expected) => ModelParts.Parse(list).Should().Equal(expected);

    [Fact]
    public void Parse_UnknownName_ListsTheKnownOnes() =>
        FluentActions.Invoking(() => ModelParts.Parse("decoder,trunk")).Should().Throw<ArgumentException>()
            .WithMessage("unknown model part 'trunk': use vision, projector, embeddings, decoder, head");

    [Fact]
    public void Options_FrozenParts_NameTheRun_AndFreezingEverythingIsRefused()
    {
        var options = new FineTuneOptions { Method = FineTuneMethod.Grpo, Frozen = [ModelPart.Decoder], Grpo = new() { LearningRate = 1.2e-4 } };
        options.Configuration.Should().Be("grpo-frozen-decoder-lr1e-4");
        new FineTuneOptions { Method = FineTuneMethod.Grpo }.Configuration.Should().Be("grpo-lr6e-5", "runs that freeze nothing keep their names");
        var all = new FineTuneOptions { Frozen = Enum.GetValues<ModelPart>() };
        all.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*nothing would train*");
    }

    [Fact]
    public void Options_GrpoKlPenalty_NamesTheRun()
    {
        var penalised = new FineTuneOptions { Method = FineTuneMethod.Grpo, Frozen = [ModelPart.Decoder], Grpo = new() { KlCoef = 0.03 } };
        penalised.Configuration.Should().Be("grpo-klcoef0.03-frozen-decoder-lr6e-5");
        penalised.KlWeight.Should().Be(0.03);
    }

    private static Dictionary<string, float[]> Parameters(VlaPolicy policy) =>
        policy.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().data<float>().ToArray());

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
