using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Policy.Actions;
using Robotics.Policy.Language;
using Robotics.Policy.Model;

namespace Robotics.EndToEnd.Tests.PythonAdapter;

/// <summary>
/// A pixel-only policy is one the Python adapter can serve: the session it asks for holds no object poses, so the
/// fake ManiSkill backend (which, like ManiSkill, offers none) opens it, and the policy acts through whole episodes.
/// </summary>
public sealed class PixelPolicyOverPythonAdapterTests
{
    private const string Task = "FakePickCan-v1";

    [Fact]
    public async Task PixelPolicy_OpensASessionOnTheFakeManiSkillBackend_AndActsThroughWholeEpisodes()
    {
        await using var server = await PythonAdapterServer.StartFakeAsync();
        var config = VlaConfig.Tiny with { ProprioDim = 8, ObjectPoses = false };   // the fake's 8 joint positions
        var statistics = ActionStatistics.FromActions(Enumerable.Range(0, 70).Select(i => (float)Math.Sin(i) * 0.03f).ToArray(), 7);
        using var policy = VlaPolicy.Create(config, ActionNormalizer.FromStatistics(statistics), WordTokenizer.FromInstructions(["pick coke can"], config.VocabSize), seed: 5);
        var options = PolicyEnvOptions.For(policy.Config, 2, [Task]) with { MaxEpisodeSteps = 4 };
        options.ObjectPoses.Should().BeFalse("a pixel policy asks for no privileged state");

        await using var env = await VectorEnvFactory.CreateAsync(server.Address.ToString().TrimEnd('/'), options);
        using var actor = new PolicyActor(policy, DecodingMode.Greedy);
        var requests = Enumerable.Range(0, 3).Select(i => new EpisodeRequest(Task, 300UL + (ulong)i)).ToList();
        var episodes = await new RolloutCollector(new RolloutCollectorOptions { Progress = false }).CollectAsync(env, actor, requests);

        env.Spec.ProprioDim.Should().Be(8);
        episodes.Should().HaveCount(3).And.OnlyContain(e => !e.Aborted && e.Steps >= 1 && e.ProprioDim == 8);
        episodes.SelectMany(e => e.Actions).Should().OnlyContain(a => float.IsFinite(a));
    }
}
