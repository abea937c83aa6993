using Grpc.Core;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

internal static class SessionChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return new("session.open-close", "session", "OpenSession echoes N, one task per env and the cameras asked for; CloseSession frees it", async ctx =>
        {
            var open = await ctx.OpenAsync();
            Expect.Equal(open.NumEnvs, ctx.NumEnvs, "num_envs");
            Expect.Sequence(open.Tasks, Enumerable.Repeat(ctx.Task, ctx.NumEnvs), "tasks");
            if (ctx.Camera is { } camera)
                Expect.True(open.Cameras.Any(c => c.Name == camera.Name && c.Width == camera.Width && c.Height == camera.Height),
                    $"cameras: expected {camera.Name} {camera.Width}x{camera.Height}, got [{string.Join(", ", open.Cameras.Select(c => $"{c.Name} {c.Width}x{c.Height}"))}]");
            Expect.True(open.ProprioDim > 0, $"proprio_dim is {open.ProprioDim}");
            await ctx.Client.CloseSessionAsync(new CloseSessionRequest { SessionId = open.SessionId }, ctx.Call);
        });
        yield return new("session.step-after-close", "session", "Step on a closed session is NOT_FOUND", async ctx =>
        {
            var open = await ctx.OpenAsync();
            await ctx.Client.CloseSessionAsync(new CloseSessionRequest { SessionId = open.SessionId }, ctx.Call);
            await Expect.StatusAsync(StatusCode.NotFound, () => ctx.StepAsync(open.SessionId, ConformanceContext.Actions(ctx.NumEnvs)), "Step after CloseSession");
        });
        yield return new("session.unknown-id", "session", "Step and Reset on a session id the server never issued are NOT_FOUND", async ctx =>
        {
            await Expect.StatusAsync(StatusCode.NotFound, () => ctx.StepAsync("no-such-session", ConformanceContext.Actions(ctx.NumEnvs)), "Step");
            await Expect.StatusAsync(StatusCode.NotFound, () => ctx.ResetAsync("no-such-session"), "Reset");
        });
        yield return new("session.unknown-task", "session", "OpenSession with an unknown task is NOT_FOUND", async ctx =>
        {
            var request = ctx.SessionRequest();
            request.Tasks.Clear();
            request.Tasks.Add("no_such_task_v0");
            await Expect.StatusAsync(StatusCode.NotFound, () => ctx.OpenAsync(request), "OpenSession(tasks=[no_such_task_v0])");
        });
        yield return new("session.bad-num-envs", "session", "OpenSession with 0 envs is INVALID_ARGUMENT, with more than max_envs_per_session RESOURCE_EXHAUSTED", async ctx =>
        {
            await Expect.StatusAsync(StatusCode.InvalidArgument, () => ctx.OpenAsync(ctx.SessionRequest(numEnvs: 0)), "OpenSession(num_envs=0)");
            var tooMany = ctx.Description.Capabilities.MaxEnvsPerSession + 1;
            await Expect.StatusAsync(StatusCode.ResourceExhausted, () => ctx.OpenAsync(ctx.SessionRequest(numEnvs: tooMany)), $"OpenSession(num_envs={tooMany})");
        });
        yield return new("session.per-env-task", "session", "Envs of one session run different tasks where per_env_task, and are refused with INVALID_ARGUMENT where not", async ctx =>
        {
            if (ctx.Description.Tasks.Count < 2) throw new ConformanceSkip("the server has one task");
            var request = ctx.SessionRequest();
            request.Tasks.Clear();
            var ids = Enumerable.Range(0, ctx.NumEnvs).Select(i => ctx.Description.Tasks[i % 2].Id).ToList();
            request.Tasks.Add(ids);
            if (!ctx.Description.Capabilities.PerEnvTask)
            {
                await Expect.StatusAsync(StatusCode.InvalidArgument, () => ctx.OpenAsync(request), "OpenSession with two tasks (per_env_task false)");
                return;
            }
            var open = await ctx.OpenAsync(request);
            Expect.Sequence(open.Tasks, ids, "tasks");
            Expect.Sequence((await ctx.ResetAsync(open.SessionId)).Tasks, ids, "Reset tasks");
        });
    }
}
