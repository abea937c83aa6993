using Robotics.Sim.V1;

namespace Robotics.Bridge.Conformance;

/// <summary>Checks that a Reset/Step result covers all N envs with the contract's dtypes and shapes.</summary>
internal static class StepResultShape
{
    public static void Check(StepResult result, OpenSessionResponse session, string what)
    {
        var n = session.NumEnvs;
        foreach (var camera in session.Cameras)
        {
            Expect.True(result.Images.ContainsKey(camera.Name), $"{what}: no image for camera '{camera.Name}'");
            Expect.Tensor(result.Images[camera.Name], DType.Uint8, [n, camera.Height, camera.Width, 3], $"{what}: image '{camera.Name}'");
        }
        Expect.True(result.Images.Count > 0, $"{what}: no images");
        Expect.Tensor(result.Proprio, DType.Float32, [n, session.ProprioDim], $"{what}: proprio");
        Expect.Equal(result.Instructions.Count, n, $"{what}: instructions count");
        Expect.True(result.Instructions.All(i => !string.IsNullOrWhiteSpace(i)), $"{what}: an instruction is empty");
        Expect.Equal(result.Tasks.Count, n, $"{what}: tasks count");
        Expect.Equal(result.Reward.Count, n, $"{what}: reward count");
        Expect.Equal(result.Terminated.Count, n, $"{what}: terminated count");
        Expect.Equal(result.Truncated.Count, n, $"{what}: truncated count");
        Expect.Equal(result.Success.Count, n, $"{what}: success count");
        Expect.Equal(result.ElapsedSteps.Count, n, $"{what}: elapsed_steps count");
        Expect.Equal(result.PhysicsError.Count, n, $"{what}: physics_error count");
        Expect.Equal(result.EpisodeSeeds.Count, n, $"{what}: episode_seeds count");
        foreach (var (name, extra) in result.Extras)
            Expect.True(extra.Shape.Count > 0 && extra.Shape[0] == n, $"{what}: extras['{name}'] has no leading N axis");
    }
}
