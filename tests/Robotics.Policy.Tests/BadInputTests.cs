using Robotics.Policy;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;

namespace Robotics.Policy.Tests;

public class BadInputTests
{
    [Fact]
    public void Act_WrongImageSize_SaysWhatSizeTheConfigExpects()
    {
        using var policy = TestPolicies.Create();
        var obs = TestPolicies.Observations(policy.Config with { ImageSize = 64 }, 2);

        policy.Invoking(p => p.Act(obs, DecodingMode.Greedy)).Should().Throw<ArgumentException>().WithMessage("images are 64x64 but config 'micro' expects 32x32*");
    }

    [Fact]
    public void Act_ShortImageBufferOrWrongProprioOrInstructionCount_ThrowsWithTheSizes()
    {
        using var policy = TestPolicies.Create();
        var obs = TestPolicies.Observations(policy.Config, 2);

        policy.Invoking(p => p.Act(obs with { Images = new byte[10] }, DecodingMode.Greedy)).Should().Throw<ArgumentException>().WithMessage("images hold 10 bytes*needs 6144*");
        policy.Invoking(p => p.Act(obs with { ProprioDim = 3, Proprio = new float[6] }, DecodingMode.Greedy)).Should().Throw<ArgumentException>().WithMessage("*expects 7*");
        policy.Invoking(p => p.Act(obs with { Instructions = ["one"] }, DecodingMode.Greedy)).Should().Throw<ArgumentException>().WithMessage("1 instructions for a batch of 2*");
    }

    [Fact]
    public void Act_InstructionWithUnknownWords_StillActs()
    {
        using var policy = TestPolicies.Create();
        var obs = TestPolicies.Observations(policy.Config, 1, instructions: ["Fetch the zyxxy from the moon!"]);

        policy.Act(obs, DecodingMode.Greedy).Actions.Should().HaveCount(7);
    }

    [Fact]
    public void ActionsToBins_OutOfRangeAction_ClipsToTheEdgeBins()
    {
        var stats = ActionStatistics.FromActions(Enumerable.Range(0, 7 * 100).Select(i => (float)(i % 100) / 100f).ToArray(), 7);
        using var policy = VlaPolicy.Create(TestPolicies.Micro, ActionNormalizer.FromStatistics(stats), WordTokenizer.FromInstructions(TestPolicies.Instructions, 512), 1);

        var bins = policy.ActionsToBins([50f, -50f, 0.5f, 0.5f, 0.5f, 0.5f, 1f]);

        bins[0].Should().Be(0, "the largest value is head index 0 (token vocab - 256)");
        bins[1].Should().Be(255);
        bins[6].Should().Be(0, "gripper 1.0 (open) is not normalised and bins as +1");
        policy.Invoking(p => p.ActionsToBins(new float[8])).Should().Throw<ArgumentException>().WithMessage("*[B, 7]*");
    }

    [Fact]
    public void Create_TokenizerOfAnotherVocabulary_SaysHowToFixIt()
    {
        var act = () => VlaPolicy.Create(TestPolicies.Micro, ActionNormalizer.Identity(), WordTokenizer.FromInstructions(["x"], 300), 1);

        act.Should().Throw<ArgumentException>().WithMessage("tokenizer has 300 ids but config 'micro' expects VocabSize 512*");
    }

    [Fact]
    public void Clone_IsADeepCopy()
    {
        using var policy = TestPolicies.Create();
        using var copy = policy.Clone();
        var obs = TestPolicies.Observations(policy.Config, 2);
        var before = copy.Act(obs, DecodingMode.Greedy).LogProbs;

        using (TorchSharp.torch.no_grad()) foreach (var p in policy.Model.parameters()) p.add_(0.5);

        copy.Act(obs, DecodingMode.Greedy).LogProbs.Should().Equal(before);
    }
}
