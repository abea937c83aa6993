namespace Robotics.Sim.V1;

/// <summary>
/// The action this contract's simulators take: float32 [N, <see cref="Dim"/>] (OpenVLA / WidowX: dx, dy, dz in m,
/// droll, dpitch, dyaw in rad, gripper 1 open / 0 closed), what <c>Capabilities.action_dim</c> states. Defined here, the
/// one place the simulator and the bridge both see; Policy, which sees neither, names its own width in
/// <c>ActionTokenizer.ActionDim</c>.
/// </summary>
public static class ActionSpace
{
    public const int Dim = 7;
}
