using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

internal static class DescribeChecks
{
    public static IEnumerable<ConformanceCheck> All()
    {
        yield return new("describe.identity", "describe", "Describe names the backend and at least one task with an id, instruction and step limit", ctx =>
        {
            var d = ctx.Description;
            Expect.True(!string.IsNullOrWhiteSpace(d.Backend), "backend is empty");
            Expect.True(d.Tasks.Count > 0, "no tasks");
            foreach (var task in d.Tasks)
            {
                Expect.True(!string.IsNullOrWhiteSpace(task.Id), "a task has an empty id");
                Expect.True(!string.IsNullOrWhiteSpace(task.Instruction), $"task '{task.Id}' has no instruction");
                Expect.True(task.MaxEpisodeSteps > 0, $"task '{task.Id}' has max_episode_steps {task.MaxEpisodeSteps}");
            }
            Expect.Equal(d.Tasks.Select(t => t.Id).Distinct().Count(), d.Tasks.Count, "distinct task ids");
            return Task.CompletedTask;
        });
        yield return new("describe.capabilities", "describe", "Capabilities state a 7-D action, session limits, a lease and at least one camera", ctx =>
        {
            var c = ctx.Description.Capabilities;
            Expect.True(c is not null, "capabilities are missing");
            Expect.Equal(c!.ActionDim, ActionSpace.Dim, "action_dim");
            Expect.True(c.MaxEnvsPerSession >= ctx.NumEnvs, $"max_envs_per_session {c.MaxEnvsPerSession} is below the kit's {ctx.NumEnvs} envs");
            Expect.True(c.SessionLeaseSeconds > 0, $"session_lease_seconds is {c.SessionLeaseSeconds}");
            Expect.True(c.ControlFrequencyHz > 0, $"control_frequency_hz is {c.ControlFrequencyHz}");
            Expect.True(c.Cameras.Count > 0, "no cameras");
            foreach (var camera in c.Cameras)
                Expect.True(camera.Width > 0 && camera.Height > 0, $"camera '{camera.Name}' has size {camera.Width}x{camera.Height}");
            return Task.CompletedTask;
        });
    }
}
