using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

internal static class StepChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return new("step.shapes", "step", "Step returns all N envs with the contract's dtypes and shapes and counts elapsed steps", async ctx =>
        {
            var open = await ctx.OpenAsync();
            await ctx.ResetAsync(open.SessionId);
            var result = await ctx.StepAsync(open.SessionId, ConformanceContext.Actions(ctx.NumEnvs));
            StepResultShape.Check(result, open, "Step");
            Expect.Sequence(result.ElapsedSteps, Enumerable.Repeat(1, ctx.NumEnvs), "elapsed_steps");
            Expect.True(!result.PhysicsError.Any(e => e), "zero actions raised physics_error");
        });
        yield return new("step.stream", "step", "StepStream answers each request with one result, in order", async ctx =>
        {
            var open = await ctx.OpenAsync();
            await ctx.ResetAsync(open.SessionId);
            using var call = ctx.Client.StepStream(ctx.Call);
            var elapsed = new List<int>();
            for (var k = 0; k < 3; k++)
            {
                await call.RequestStream.WriteAsync(new StepRequest { SessionId = open.SessionId, Actions = ConformanceContext.Actions(ctx.NumEnvs) });
                Expect.True(await call.ResponseStream.MoveNext(ctx.CancellationToken), $"the stream ended after {k} results");
                StepResultShape.Check(call.ResponseStream.Current, open, "StepStream");
                elapsed.Add(call.ResponseStream.Current.ElapsedSteps[0]);
            }
            await call.RequestStream.CompleteAsync();
            Expect.True(!await call.ResponseStream.MoveNext(ctx.CancellationToken), "the stream sent more results than requests");
            Expect.Sequence(elapsed, [1, 2, 3], "elapsed_steps of env 0");
        });
        yield return new("step.episode-limit", "step", "With max_episode_steps 2, every env that has not terminated is truncated at step 2, not before", async ctx =>
        {
            var open = await ctx.OpenAsync(ctx.SessionRequest(maxEpisodeSteps: 2));
            await ctx.ResetAsync(open.SessionId);
            var first = await ctx.StepAsync(open.SessionId, ConformanceContext.Actions(ctx.NumEnvs));
            Expect.True(!first.Truncated.Any(t => t), "truncated after 1 of 2 steps");
            var second = await ctx.StepAsync(open.SessionId, ConformanceContext.Actions(ctx.NumEnvs));
            for (var i = 0; i < ctx.NumEnvs; i++)
                Expect.True(second.Truncated[i] || second.Terminated[i] || first.Terminated[i], $"env {i} is neither truncated nor terminated after 2 of 2 steps");
        });
    }
}
