using Grpc.Core;

namespace Robotics.Bridge.Conformance;

internal static class ResetChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return new("reset.all", "reset", "Reset with no env ids covers all N envs with the contract's dtypes and shapes, elapsed_steps 0", async ctx =>
        {
            var open = await ctx.OpenAsync();
            var result = await ctx.ResetAsync(open.SessionId);
            StepResultShape.Check(result, open, "Reset");
            Expect.Sequence(result.ElapsedSteps, Enumerable.Repeat(0, ctx.NumEnvs), "elapsed_steps");
            Expect.True(!result.Terminated.Any(t => t) && !result.Truncated.Any(t => t), "a freshly reset env is terminated or truncated");
        });
        yield return new("reset.seeds-echo", "reset", "Reset with explicit seeds reports them as episode_seeds", async ctx =>
        {
            var open = await ctx.OpenAsync();
            var seeds = Enumerable.Range(0, ctx.NumEnvs).Select(i => (ulong)(101 + i)).ToList();
            Expect.Sequence((await ctx.ResetAsync(open.SessionId, seeds: seeds)).EpisodeSeeds, seeds, "episode_seeds");
        });
        yield return new("reset.subset", "reset", "Reset of a subset restarts only those envs where partial_reset, else is FAILED_PRECONDITION", async ctx =>
        {
            var open = await ctx.OpenAsync();
            await ctx.ResetAsync(open.SessionId);
            await ctx.StepAsync(open.SessionId, ConformanceContext.Actions(ctx.NumEnvs));
            var last = ctx.NumEnvs - 1;
            if (!ctx.Description.Capabilities.PartialReset)
            {
                await Expect.StatusAsync(StatusCode.FailedPrecondition, () => ctx.ResetAsync(open.SessionId, [last], [77UL]), "Reset of one env (partial_reset false)");
                return;
            }
            var result = await ctx.ResetAsync(open.SessionId, [last], [77UL]);
            StepResultShape.Check(result, open, "subset Reset");
            Expect.Sequence(result.ElapsedSteps, Enumerable.Repeat(1, last).Append(0), "elapsed_steps after resetting the last env");
            Expect.Equal(result.EpisodeSeeds[last], 77UL, "episode_seeds of the reset env");
        });
        yield return new("reset.env-id-out-of-range", "reset", "Reset naming env id N or -1 is INVALID_ARGUMENT", async ctx =>
        {
            var open = await ctx.OpenAsync();
            await Expect.StatusAsync(StatusCode.InvalidArgument, () => ctx.ResetAsync(open.SessionId, [ctx.NumEnvs]), $"Reset(env_ids=[{ctx.NumEnvs}])");
            await Expect.StatusAsync(StatusCode.InvalidArgument, () => ctx.ResetAsync(open.SessionId, [-1]), "Reset(env_ids=[-1])");
        });
    }
}
