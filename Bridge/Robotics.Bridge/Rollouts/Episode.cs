using Robotics.Sim.V1;
namespace Robotics.Bridge.Rollouts;

/// <summary>
/// One whole episode of T steps. <c>Images</c> uint8 [T,H,W,3] and <c>Proprio</c> float32 [T,P] hold the observation
/// before each action; <c>Actions</c> float32 [T,7] the recorded action; <c>Rewards</c> [T] the reward after it;
/// <c>ActorSteps</c> [T] what a learning actor chose at each step (null when the actor records nothing); <c>ShapedRewards</c> [T]
/// the simulator's shaping term after each action (null when it offers none).
/// <c>Aborted</c>: the simulator failed mid-episode; such an episode is neither a success nor a failure and is never
/// written to a dataset.
/// </summary>
public sealed record Episode(
    string Task, string Instruction, ulong Seed, int Steps,
    int ImageHeight, int ImageWidth, byte[] Images,
    int ProprioDim, float[] Proprio,
    float[] Actions, float[] Rewards,
    bool Success, bool PhysicsError, bool Aborted,
    IReadOnlyList<ActorStep>? ActorSteps, float[]? ShapedRewards = null)
{
    /// <summary>Action dimensions (OpenVLA / WidowX: dx, dy, dz, droll, dpitch, dyaw, gripper); the contract's width.</summary>
    public const int ActionDim = ActionSpace.Dim;

    /// <summary>Sum of rewards.</summary>
    public float Return => Rewards.Sum();
}
