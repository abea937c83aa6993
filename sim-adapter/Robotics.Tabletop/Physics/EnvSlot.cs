using Robotics.Tabletop.Tasks;

namespace Robotics.Tabletop.Physics;

/// <summary>The episode bookkeeping of one env of a vector env.</summary>
internal sealed class EnvSlot(TabletopWorld world, TabletopTask task)
{
    public TabletopWorld World { get; } = world;
    public TabletopTask Task { get; set; } = task;
    public SceneState State { get; set; }
    public ulong EpisodeSeed { get; set; }
    public ulong ResetCount { get; set; }
    public int Limit { get; set; }
    public int Elapsed { get; set; }
    public float Reward { get; set; }
    /// <summary>The task's potential difference over the last step (see TabletopTask.Potential); 0 when frozen.</summary>
    public float ShapedReward { get; set; }
    public bool Terminated { get; set; }
    public bool Truncated { get; set; }
    public bool Success { get; set; }
    public bool PhysicsError { get; set; }
    public bool Done => Terminated || Truncated;
    /// <summary>The world changed since its image was last rendered.</summary>
    public bool Dirty { get; set; }
}
