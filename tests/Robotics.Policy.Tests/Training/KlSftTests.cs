using Robotics.Policy.Metrics;
using Robotics.Policy.Training;
using TorchSharp;
using Robotics.Policy.Model;

namespace Robotics.Policy.Tests.Training;

public class KlSftTests
{
    /// <summary>Demonstrations that always take bin 10 on every token: far from what a fresh policy does.</summary>
    private static TransitionSet Demos(VlaConfig config)
    {
        var obs = TestPolicies.Observations(config, 32, seed: 4);
        var bytes = config.ImageSize * config.ImageSize * 3;
        var items = Enumerable.Range(0, obs.BatchSize).Select(i => new Transition(
            obs.Images.AsSpan(i * bytes, bytes).ToArray(), obs.Proprio.AsSpan(i * config.ProprioDim, config.ProprioDim).ToArray(),
            obs.Instructions[i], Enumerable.Repeat(10, 7).ToArray())).ToList();
        return new TransitionSet(items, config.ImageSize, config.ImageSize, config.ProprioDim);
    }

    private static SftOptions Options => new() { BatchSize = 16, Updates = 30, Seed = 2, LearningRate = 3e-3, WarmupUpdates = 1 };

    private static double KlToBase(VlaPolicy basePolicy, VlaPolicy tuned, TransitionSet states)
    {
        using var probe = ForwardKlProbe.Create(basePolicy, states, seed: 9);
        return probe.Measure(tuned).ForwardKl;
    }

    [Fact]
    public void Update_BetaZero_EqualsPlainSft()
    {
        var data = Demos(TestPolicies.Micro);
        using var basePolicy = TestPolicies.Create();
        using var viaSft = basePolicy.Clone();
        using var viaKlSft = basePolicy.Clone();
        using (var sft = new Sft(viaSft, data, Options))
            for (var i = 0; i < 10; i++) sft.Update();
        using (var klSft = new KlSft(viaKlSft, basePolicy, data, Options, klCoef: 0))
            for (var i = 0; i < 10; i++) klSft.Update();

        WeightChange.L2(viaSft.Model, viaKlSft.Model).Should().BeLessThan(1e-5);
        WeightChange.L2(basePolicy.Model, viaSft.Model).Should().BeGreaterThan(1e-3, "the runs must have moved at all");
    }

    [Fact]
    public void Update_LargeBeta_StaysMuchNearerTheBaseThanSft()
    {
        var data = Demos(TestPolicies.Micro);
        using var basePolicy = TestPolicies.Create();
        using var free = basePolicy.Clone();
        using var anchored = basePolicy.Clone();
        using (var sft = new KlSft(free, basePolicy, data, Options, klCoef: 0))
            for (var i = 0; i < 30; i++) sft.Update();
        using (var klSft = new KlSft(anchored, basePolicy, data, Options, klCoef: 50))
            for (var i = 0; i < 30; i++) klSft.Update();

        var klFree = KlToBase(basePolicy, free, data);
        var klAnchored = KlToBase(basePolicy, anchored, data);
        klFree.Should().BeGreaterThan(1.0, "plain SFT towards bin 10 moves far from the base");
        klAnchored.Should().BeLessThan(klFree / 5);
    }
}
