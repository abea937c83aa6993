namespace Robotics.Bridge.Envs;

/// <summary>
/// The state of all N envs after a reset or a step; arrays are row-major with a leading N axis.
/// <c>Images</c> is uint8 [N,H,W,3] (top row first), <c>Proprio</c> float32 [N,P], <c>ExpertActions</c> float32 [N,7]
/// (null when the backend has no expert), <c>ShapedReward</c> float32 [N] the task's potential difference over the
/// last step (null when the backend offers none; the StepResult extra "shaped_reward"). Flags describe the episode each
/// env is in: a finished env keeps its final observation and flags, with reward 0, until it is reset (see <see cref="IVectorEnv"/>).
/// </summary>
public sealed record EnvStep(
    int NumEnvs, int ImageHeight, int ImageWidth, byte[] Images,
    int ProprioDim, float[] Proprio,
    string[] Instructions, string[] Tasks,
    float[] Reward, bool[] Terminated, bool[] Truncated, bool[] Success, bool[] PhysicsError,
    int[] ElapsedSteps, ulong[] EpisodeSeeds, float[]? ExpertActions, float[]? ShapedReward = null)
{
    /// <summary>Bytes of one env's image (H*W*3).</summary>
    public int ImageBytes => ImageHeight * ImageWidth * 3;

    /// <summary>Whether env <paramref name="env"/>'s episode is over: terminated, truncated or broken by the physics.</summary>
    public bool Done(int env) => Terminated[env] || Truncated[env] || PhysicsError[env];

    /// <summary>Env <paramref name="env"/>'s image, uint8 [H,W,3].</summary>
    public ReadOnlySpan<byte> ImageOf(int env) => Images.AsSpan(env * ImageBytes, ImageBytes);

    /// <summary>Env <paramref name="env"/>'s proprio, float32 [P].</summary>
    public ReadOnlySpan<float> ProprioOf(int env) => Proprio.AsSpan(env * ProprioDim, ProprioDim);
}
