using System.Numerics;
using Robotics.Tabletop.Physics;

namespace Robotics.Tabletop.Tasks;

/// <summary>
/// A task's behaviour: its seeded initial state (object positions on a grid, as the paper's 10x10 can grid),
/// its physical success predicate and its scripted expert. Objects a task does not name stay parked out of view.
/// </summary>
internal abstract class TabletopTask
{
    protected TabletopTask(string id) => Definition = TaskSuite.Get(id);

    public TaskDefinition Definition { get; }

    public abstract Layout Sample(ulong seed);

    public abstract bool IsSuccess(in SceneState s);

    /// <summary>The expert's action (7 floats) for the current state.</summary>
    public abstract void Expert(in SceneState s, Span<float> action);

    /// <summary>
    /// The expert's action in <paramref name="style"/>, one of <see cref="TaskDefinition.ExpertStyles"/>; a task that
    /// offers no such style gives its default expert's action (an env batch reports every style for every env).
    /// </summary>
    public virtual void Expert(in SceneState s, Span<float> action, string style) => Expert(s, action);

    /// <summary>
    /// The shaping potential Phi(s) of the state (0 for tasks that define none). The env reports Phi(s') - Phi(s) each
    /// step as the shaped reward: a potential difference, so it sums to Phi(s_T) - Phi(s_0) over an episode, a loop
    /// back to the start earns nothing, and the optimal policy is that of the success reward (Ng, Harada, Russell 1999).
    /// </summary>
    public virtual float Potential(in SceneState s) => 0f;

    private static readonly Dictionary<string, TabletopTask> Registry = new TabletopTask[]
    {
        new PickCanTask(), new DrawerTask(open: true), new DrawerTask(open: false), new PutOnPlateTask(),
        new PutOnTowelTask(), new StackCubeTask(), new PutInBasketTask(), new MoveNearTask(),
    }.ToDictionary(t => t.Definition.Id);

    /// <summary>The task with this id; throws <see cref="ArgumentException"/> naming the valid ids.</summary>
    public static TabletopTask For(string id) => Registry.TryGetValue(id, out var task) ? task : throw new ArgumentException(
        $"Unknown task '{id}'. Valid tasks: {string.Join(", ", TaskSuite.All.Select(t => t.Id))}.", nameof(id));

    // ---- shared sampling: the grids every task draws from

    /// <summary>The gripper's start: 3 x 3 x 2 grid in front of and above the workspace.</summary>
    protected static Vector3 GripperStart(ref SplitMix64 rng) => new(
        (float)rng.GridValue(0.06, 0.14, 3), (float)rng.GridValue(-0.08, 0.08, 3), (float)rng.GridValue(0.18, 0.22, 2));

    /// <summary>A point of the 10 x 10 object grid on the table.</summary>
    protected static Vector2 ObjectCell(ref SplitMix64 rng) => new(
        (float)rng.GridValue(-0.10, 0.10, 10), (float)rng.GridValue(-0.15, 0.15, 10));

    /// <summary>Two grid points at least <paramref name="minDistance"/> apart (rejection sampling, deterministic in the seed).</summary>
    protected static (Vector2 First, Vector2 Second) TwoCells(ref SplitMix64 rng, float minDistance)
    {
        while (true)
        {
            var first = ObjectCell(ref rng);
            var second = ObjectCell(ref rng);
            if (Vector2.Distance(first, second) >= minDistance) return (first, second);
        }
    }

    protected static Vector3 OnTable(Vector2 xy, double halfHeight) => new(xy.X, xy.Y, (float)halfHeight);
}
