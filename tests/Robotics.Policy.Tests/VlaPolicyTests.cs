using Robotics.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests;

public class VlaPolicyTests
{
    [Fact]
    public void Act_GreedyOnTinyBatch_ReturnsSevenActionsPerRowWithMatchingForwardLogProbs()
    {
        using var policy = TestPolicies.Create();
        var obs = TestPolicies.Observations(policy.Config, batch: 3);

        var step = policy.Act(obs, DecodingMode.Greedy);

        step.Actions.Should().HaveCount(21);
        step.Bins.Should().OnlyContain(b => b >= 0 && b < 256);
        step.LogProbs.Should().OnlyContain(l => l <= 0);
        using var scope = NewDisposeScope();
        using var inputs = policy.Prepare(obs);
        using var forward = policy.Model.Forward(inputs, tensor(step.Bins.Select(b => (long)b).ToArray(), [3, 7]));
        forward.Logits.shape.Should().Equal(3, 7, 256);
        forward.FirstActionHidden.shape.Should().Equal(3, policy.Config.Width);
        var logp = nn.functional.log_softmax(forward.Logits, -1).gather(-1, tensor(step.Bins.Select(b => (long)b).ToArray(), [3, 7]).unsqueeze(-1)).squeeze(-1);
        logp.data<float>().ToArray().Should().BeEquivalentTo(step.LogProbs, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-4f)).WhenTypeIs<float>());
        // Greedy picks the argmax of the teacher-forced logits at every position.
        forward.Logits.argmax(-1).data<long>().ToArray().Select(x => (int)x).Should().Equal(step.Bins);
    }
}
