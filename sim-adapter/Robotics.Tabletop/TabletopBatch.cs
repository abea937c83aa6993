namespace Robotics.Tabletop;

/// <summary>
/// The state of all N envs after a reset or step. Arrays are row-major with a leading N axis.
/// <list type="bullet">
/// <item><c>Images</c>, <c>WristImages</c>: uint8 [N,H,W,3], top row first.</item>
/// <item><c>Proprio</c>: float32 [N,P]; see <see cref="TabletopVectorEnv.ProprioNames"/>: tool-centre-point x,y,z (m, world),
/// roll,pitch,yaw (rad, extrinsic xyz), finger opening (m, gap between the finger pads).</item>
/// <item><c>ExpertActions</c>: float32 [N,7], the scripted expert's action for the current state of each env.</item>
/// <item><c>ShapedReward</c>: float32 [N], the task's potential difference Phi(s') - Phi(s) over the last step (0 for tasks without a potential).</item>
/// </list>
/// Finished envs keep their final observation with their done flags and reward 0 until they are reset.
/// </summary>
public sealed record TabletopBatch(
    int NumEnvs, int ImageHeight, int ImageWidth,
    byte[] Images,
    byte[]? WristImages,
    int ProprioDim, float[] Proprio,
    string[] Tasks, string[] Instructions,
    float[] Reward, bool[] Terminated, bool[] Truncated, bool[] Success, int[] ElapsedSteps, bool[] PhysicsError, ulong[] EpisodeSeeds,
    float[] ExpertActions,
    float[] ShapedReward)
{
    /// <summary>Action dimensions: dx, dy, dz (m), droll, dpitch, dyaw (rad), gripper (1 open, 0 closed).</summary>
    public const int ActionDim = 7;

    /// <summary>Whether env <paramref name="env"/>'s episode is over (terminated or truncated).</summary>
    public bool Done(int env) => Terminated[env] || Truncated[env];
}
