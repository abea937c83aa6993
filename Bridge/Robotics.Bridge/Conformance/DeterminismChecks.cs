using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

internal static class DeterminismChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return new("determinism.explicit-seeds", "determinism", "Two sessions reset with the same seeds and stepped alike give identical images; other seeds give other images", async ctx =>
        {
            var seeds = Enumerable.Range(0, ctx.NumEnvs).Select(i => (ulong)(1000 + 17 * i)).ToList();
            var a = await RolloutAsync(ctx, seeds, sessionSeed: 1);
            var b = await RolloutAsync(ctx, seeds, sessionSeed: 2);
            ExpectSameImages(a, b, "same seeds");
            var other = await RolloutAsync(ctx, seeds.Select(s => s + 5_000).ToList(), sessionSeed: 1);
            Expect.True(!SameImages(a[0], other[0]), "different seeds gave identical first images: the seed does not decide the episode");
        });
        yield return new("determinism.session-seed", "determinism", "Sessions opened with the same seed, reset without seeds, give identical images and episode seeds", async ctx =>
        {
            var a = await RolloutAsync(ctx, null, sessionSeed: ctx.Options.Seed);
            var b = await RolloutAsync(ctx, null, sessionSeed: ctx.Options.Seed);
            ExpectSameImages(a, b, "same session seed");
            Expect.Sequence(a[0].EpisodeSeeds, b[0].EpisodeSeeds, "episode_seeds");
        });
    }

    /// <summary>Reset then three steps of a fixed motion; returns the four results.</summary>
    private static async Task<List<StepResult>> RolloutAsync(ConformanceContext ctx, IReadOnlyList<ulong>? seeds, ulong sessionSeed)
    {
        var open = await ctx.OpenAsync(ctx.SessionRequest(seed: sessionSeed));
        var results = new List<StepResult> { await ctx.ResetAsync(open.SessionId, seeds: seeds) };
        for (var k = 0; k < 3; k++)
            results.Add(await ctx.StepAsync(open.SessionId, ConformanceContext.Actions(ctx.NumEnvs, value: 0.01f)));
        return results;
    }

    private static void ExpectSameImages(List<StepResult> a, List<StepResult> b, string what)
    {
        for (var k = 0; k < a.Count; k++)
            Expect.True(SameImages(a[k], b[k]), $"{what}: images differ at {(k == 0 ? "reset" : $"step {k}")}");
    }

    private static bool SameImages(StepResult a, StepResult b)
        => a.Images.Count == b.Images.Count && a.Images.All(kv => b.Images.TryGetValue(kv.Key, out var other) && other.Data.Equals(kv.Value.Data));
}
