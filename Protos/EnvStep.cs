namespace Robotics.Sim.V1;

/// <summary>
/// The state of all N envs after a reset or a step, the one observation record between a simulator and the bridge: the
/// tabletop returns it in process, the bridge's remote env decodes a <see cref="StepResult"/> into it. Arrays are row-major
/// with a leading N axis.
/// <list type="bullet">
/// <item><c>Images</c>: uint8 [N,H,W,3], top row first; <c>WristImages</c> the same from the wrist camera (null when the
/// backend renders none or the bridge asked for one camera).</item>
/// <item><c>Proprio</c>: float32 [N,P]; for the tabletop see <c>TabletopVectorEnv.ProprioNames</c>.</item>
/// <item><c>ExpertActions</c>: float32 [N,<see cref="ActionSpace.Dim"/>], a scripted expert's action for the current state
/// (null when the backend has no expert).</item>
/// <item><c>ShapedReward</c>: float32 [N], the task's potential difference Phi(s') - Phi(s) over the last step (null when
/// the backend offers none; the StepResult extra "shaped_reward").</item>
/// <item><c>StyledExpertActions</c>: per expert style (a task's <c>TaskInfo.expert_styles</c>), float32 [N,<see cref="ActionSpace.Dim"/>]
/// as <c>ExpertActions</c>, the StepResult extra "expert_action/&lt;style&gt;"; an env whose task offers no such style holds its
/// default expert's action. Empty when the backend offers no styles.</item>
/// </list>
/// Flags describe the episode each env is in: a finished env keeps its final observation and flags, with reward 0, until
/// it is reset.
/// </summary>
public sealed record EnvStep(
    int NumEnvs, int ImageHeight, int ImageWidth, byte[] Images,
    int ProprioDim, float[] Proprio,
    string[] Instructions, string[] Tasks,
    float[] Reward, bool[] Terminated, bool[] Truncated, bool[] Success, bool[] PhysicsError,
    int[] ElapsedSteps, ulong[] EpisodeSeeds, float[]? ExpertActions, float[]? ShapedReward = null, byte[]? WristImages = null)
{
    /// <summary>Bytes of one env's image (H*W*3).</summary>
    public int ImageBytes => ImageHeight * ImageWidth * 3;

    public IReadOnlyDictionary<string, float[]> StyledExpertActions { get; init; } = new Dictionary<string, float[]>();

    /// <summary>
    /// Whether env <paramref name="env"/>'s episode is over: terminated, truncated or broken by the physics (the tabletop
    /// also terminates a broken episode; another backend may only flag it).
    /// </summary>
    public bool Done(int env) => Terminated[env] || Truncated[env] || PhysicsError[env];

    /// <summary>Env <paramref name="env"/>'s image, uint8 [H,W,3].</summary>
    public ReadOnlySpan<byte> ImageOf(int env) => Images.AsSpan(env * ImageBytes, ImageBytes);

    /// <summary>Env <paramref name="env"/>'s proprio, float32 [P].</summary>
    public ReadOnlySpan<float> ProprioOf(int env) => Proprio.AsSpan(env * ProprioDim, ProprioDim);
}
