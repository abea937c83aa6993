using Grpc.Core;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

internal static class IsolationChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return new("isolation.two-clients", "isolation", "A second client's session is unaffected by the first client stepping and closing its own", async ctx =>
        {
            var first = ctx.NewClient();
            var second = ctx.NewClient();
            var busy = await ctx.OpenAsync(client: first);
            var watched = await ctx.OpenAsync(client: second);
            var reference = await ctx.OpenAsync();
            foreach (var (open, client) in new[] { (busy, first), (watched, second), (reference, ctx.Client) })
                await ctx.ResetAsync(open.SessionId, client: client);
            for (var k = 0; k < 3; k++)
                await ctx.StepAsync(busy.SessionId, ConformanceContext.Actions(ctx.NumEnvs, value: 0.05f), first);
            await first.CloseSessionAsync(new CloseSessionRequest { SessionId = busy.SessionId }, ctx.Call);
            var after = await ctx.StepAsync(watched.SessionId, ConformanceContext.Actions(ctx.NumEnvs), second);
            var expected = await ctx.StepAsync(reference.SessionId, ConformanceContext.Actions(ctx.NumEnvs));
            Expect.Sequence(after.ElapsedSteps, Enumerable.Repeat(1, ctx.NumEnvs), "elapsed_steps of the second client");
            foreach (var (name, image) in expected.Images)
                Expect.True(after.Images.TryGetValue(name, out var got) && got.Data.Equals(image.Data),
                    $"the second client's '{name}' image differs from an untouched session with the same seed");
            await Expect.StatusAsync(StatusCode.NotFound, () => ctx.StepAsync(busy.SessionId, ConformanceContext.Actions(ctx.NumEnvs), second),
                "another client stepping the closed session");
        });
    }
}
