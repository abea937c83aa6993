namespace Robotics.Sim.V1;

/// <summary>
/// The names of the <c>StepResult.extras</c> the contract defines (simulator.proto describes each): both sides read them
/// from here, so a server and the bridge cannot spell one differently.
/// </summary>
public static class StepExtras
{
    /// <summary>float32 [N, 7]: the scripted expert's action for the current state (<c>Capabilities.has_expert</c>).</summary>
    public const string ExpertAction = "expert_action";

    /// <summary>float32 [N]: the task's potential difference Phi(s') - Phi(s) over the last step.</summary>
    public const string ShapedReward = "shaped_reward";

    /// <summary>Prefix of one expert style's actions, float32 [N, 7]: <c>expert_action/slow_high</c> (<c>TaskInfo.expert_styles</c>).</summary>
    public const string StyledExpertPrefix = "expert_action/";
}
