using Robotics.Policy;
using TorchSharp;
using Robotics.Policy.Lora;
using static TorchSharp.torch;

namespace Robotics.Policy.Tests.Lora;

public class LoraTests
{
    [Fact]
    public void ApplyLora_FreezesTheBaseAndLeavesOutputsUnchangedUntilTrained()
    {
        using var policy = TestPolicies.Create();
        using var scope = NewDisposeScope();
        using var inputs = policy.Prepare(TestPolicies.Observations(policy.Config, 3));
        var bins = randint(0, 256, [3, 7]);
        var before = policy.Model.Forward(inputs, bins).Logits;

        var adapted = policy.ApplyLora(new LoraOptions(Rank: 4, Alpha: 8));

        adapted.Should().Be(policy.Config.Layers * 7);
        var trainable = policy.Model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        trainable.Should().NotBeEmpty().And.OnlyContain(n => n.EndsWith(".lora_a") || n.EndsWith(".lora_b"));
        allclose(policy.Model.Forward(inputs, bins).Logits, before, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void MergeLora_AfterTheAdaptersChanged_GivesTheSameOutputsAsUnmerged()
    {
        using var policy = TestPolicies.Create();
        using var scope = NewDisposeScope();
        using var inputs = policy.Prepare(TestPolicies.Observations(policy.Config, 3));
        var bins = randint(0, 256, [3, 7]);
        policy.ApplyLora(new LoraOptions(Rank: 4, Alpha: 8, TargetModules: ["q_proj", "v_proj", "down_proj", "lm_head"]));
        using (no_grad()) foreach (var (name, p) in policy.Model.named_parameters()) if (name.EndsWith("lora_b")) p.normal_(0, 0.05);
        var unmerged = policy.Model.Forward(inputs, bins).Logits;

        policy.MergeLora();

        policy.Model.named_parameters().Should().NotContain(p => p.name.Contains("lora"));
        allclose(policy.Model.Forward(inputs, bins).Logits, unmerged, rtol: 1e-4, atol: 1e-5).Should().BeTrue();
        policy.Model.parameters().Should().OnlyContain(p => p.requires_grad);
    }

    [Fact]
    public void ApplyLora_NoMatchingModule_NamesTheAvailableLayers()
    {
        using var policy = TestPolicies.Create();

        var act = () => policy.ApplyLora(new LoraOptions(TargetModules: ["query"]));

        act.Should().Throw<ArgumentException>().WithMessage("*q_proj*");
    }
}
