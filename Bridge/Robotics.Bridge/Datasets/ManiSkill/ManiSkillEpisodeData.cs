namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>
/// One trajectory as stored in a ManiSkill <c>trajectory.h5</c> group <c>traj_N</c>, before conversion: T actions in the
/// recording controller's space, T + 1 observations (the last one follows the last action), per-step flags.
/// </summary>
public sealed record ManiSkillEpisodeData(
    ManiSkillEpisodeInfo Info,
    int Steps,
    int ActionDim, float[] Actions,          // [T, A]
    int ProprioDim, float[] Qpos,             // [T + 1, P] obs/agent/qpos
    int Height, int Width, byte[] Rgb,        // [T + 1, H, W, 3] obs/sensor_data/<camera>/rgb
    bool[] Success,                           // [T]; all false when the task defines none
    float[]? Rewards);                        // [T] or null when not recorded
