using Robotics.Experiments.Pretraining;
using Robotics.Experiments.Razor;
using Robotics.Bridge.Envs;

namespace Robotics.Experiments.Tests.FineTuning;

/// <summary>The committed base is what <c>pretrain</c>'s defaults make: its recorded inputs hash is the default profile's.</summary>
public sealed class CommittedBaseHashTests
{
    [Fact]
    public async Task DefaultProfile_MatchesTheCommittedBase_AndRecordsItsHeldOutScore()
    {
        var dir = CommittedBasePolicy.Directory();
        await using var env = await VectorEnvFactory.CreateAsync(null, new VectorEnvOptions { NumEnvs = 1, Tasks = ["pick_can"], ImageSize = 16 });
        var hash = RazorProfile.Default.Pretrain.InputsHash(env.Spec.Backend);

        CommittedBase.Matches(dir, hash).Should().BeTrue($"models/base-tiny/pretrain.json should record the default profile's inputs hash {hash}");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, BasePolicyTrainer.ResultFile)))!;
        json["HeldOut"]!["Success"]!["pick_can"]!["Episodes"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(200);
        json["HeldOut"]!["Success"]!["open_drawer"]!["Episodes"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(100);
    }
}
