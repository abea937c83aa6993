using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Robotics.Tabletop.Native;
using Robotics.Tabletop.Physics;
using Robotics.Tabletop.Tasks;
using Robotics.Sim.V1;

namespace Robotics.Tabletop;

/// <summary>
/// N tabletop envs stepped together in-process: one shared MuJoCo model, one mjData per env, one GL context
/// rendering them all. Actions are float32 [N,7]: delta x,y,z of the tool-centre point (m, world frame, clipped
/// to ±3 cm per axis), delta roll,pitch,yaw (rad, world frame, clipped to ±0.3), gripper absolute in [0,1]
/// (1 open, 0 closed; values in between open the fingers proportionally). One step = 0.1 s (10 Hz control).
/// Reward is 1 on a step that ends in success, else 0; success or a physics blow-up terminates the episode,
/// the step limit truncates it (with <see cref="TabletopOptions.SuccessAtEnd"/> success does not terminate: the
/// episode runs to its limit and its last step's success flag scores it). Finished envs stay frozen (no physics, reward 0) until they are reset: there is
/// no auto-reset. Not thread-safe: one caller at a time.
/// </summary>
public sealed unsafe class TabletopVectorEnv : IDisposable
{
    private readonly SceneModels _models;
    private readonly OffscreenRenderer _renderer;
    private readonly EnvSlot[] _envs;
    private readonly SceneIds _ids;
    private readonly byte[] _images;
    private readonly byte[]? _wristImages;
    private readonly float[] _expert;
    /// <summary>Every style's expert action for every env (<see cref="Experts.ExpertStyles.All"/>).</summary>
    private readonly Dictionary<string, float[]> _styledExpert;
    private readonly int _imageBytes;
    private bool _disposed;

    private TabletopVectorEnv(TabletopOptions options, bool parkedOutOfScene)
    {
        Options = options;
        ProprioNames = options.ObjectPoses ? [.. DefaultProprioNames, .. ObjectPoseNames] : DefaultProprioNames;
        var model = MujocoModel.LoadTabletop(options.ImageWidth, options.ImageHeight);
        try
        {
            _ids = new SceneIds(model);
            _renderer = new OffscreenRenderer(model, options.ImageWidth, options.ImageHeight);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        _models = new SceneModels(model, _ids, parkedOutOfScene);
        _envs = new EnvSlot[options.NumEnvs];
        for (var i = 0; i < _envs.Length; i++)
            _envs[i] = new EnvSlot(new TabletopWorld(_models, _ids), TabletopTask.For(options.TaskOf(i)));
        _imageBytes = options.ImageHeight * options.ImageWidth * 3;
        // Pinned: the renderer writes into them directly.
        _images = GC.AllocateArray<byte>(options.NumEnvs * _imageBytes, pinned: true);
        _wristImages = options.WristCamera ? GC.AllocateArray<byte>(options.NumEnvs * _imageBytes, pinned: true) : null;
        _expert = new float[options.NumEnvs * ActionSpace.Dim];
        _styledExpert = Experts.ExpertStyles.All.ToDictionary(style => style, _ => new float[options.NumEnvs * ActionSpace.Dim]);
    }

    /// <summary>Creates N envs (all reset with seeds derived from <see cref="TabletopOptions.Seed"/>);
    /// throws <see cref="ArgumentException"/> for invalid options.</summary>
    public static TabletopVectorEnv Create(TabletopOptions options) => Create(options, parkedOutOfScene: true);

    /// <param name="parkedOutOfScene">False: parked objects stay in collision and in the rendered scene, as the full
    /// model has them (the reference that tests compare the default against; see <see cref="SceneModels"/>).</param>
    internal static TabletopVectorEnv Create(TabletopOptions options, bool parkedOutOfScene)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var env = new TabletopVectorEnv(options, parkedOutOfScene);
        env.Reset(null, null);
        return env;
    }

    public int NumEnvs => Options.NumEnvs;

    public TabletopOptions Options { get; }

    public int ProprioDim => ProprioNames.Count;

    /// <summary>tcp_x/y/z: tool-centre point (between the finger pads, 2 cm above the tips), metres, world frame;
    /// roll/pitch/yaw: hand orientation, radians, extrinsic x-y-z (0 = pointing down); finger_opening: gap between the pads, metres (0-0.11).
    /// With <see cref="TabletopOptions.ObjectPoses"/>, followed by <see cref="ObjectPoseNames"/>.</summary>
    public IReadOnlyList<string> ProprioNames { get; }

    public static IReadOnlyList<string> DefaultProprioNames { get; } = ["tcp_x", "tcp_y", "tcp_z", "roll", "pitch", "yaw", "finger_opening"];

    /// <summary>Object centres (m, world frame), the can's uprightness (cosine of its tilt) and the drawer's opening (m).
    /// Objects a task does not use are parked out of view and read (0, 0, 0), the can's uprightness then 0.</summary>
    public static IReadOnlyList<string> ObjectPoseNames { get; } =
    [
        "can_x", "can_y", "can_z", "can_upright", "green_x", "green_y", "green_z", "blue_x", "blue_y", "blue_z",
        "plate_x", "plate_y", "plate_z", "towel_x", "towel_y", "towel_z", "basket_x", "basket_y", "basket_z",
        "handle_x", "handle_y", "handle_z", "drawer_opening",
    ];

    /// <summary>The headless GL backend in use: "egl" or "osmesa".</summary>
    public string RenderBackend => _renderer.Backend;

    /// <summary>Whether physics runs on several threads (measured to pay from a few envs up when cores are free).</summary>
    internal bool ParallelPhysics { get; set; } = Environment.ProcessorCount > 1;

    /// <summary>
    /// Resets the envs in <paramref name="envIds"/> (null or empty = all) with one seed each (null = derived from
    /// <see cref="TabletopOptions.Seed"/>, the env index and its reset count) and optionally a new task each (one
    /// for all reset envs or one per reset env). The result covers all N envs.
    /// </summary>
    public EnvStep Reset(IReadOnlyList<int>? envIds, IReadOnlyList<ulong>? seeds, IReadOnlyList<string>? tasks = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ids = envIds is null || envIds.Count == 0 ? Enumerable.Range(0, NumEnvs).ToArray() : envIds.ToArray();
        var seen = new HashSet<int>();
        foreach (var id in ids)
        {
            if (id < 0 || id >= NumEnvs)
                throw new ArgumentException($"env id {id} is out of range: this batch has envs 0..{NumEnvs - 1}.", nameof(envIds));
            if (!seen.Add(id))
                throw new ArgumentException($"env id {id} appears twice in one reset.", nameof(envIds));
        }
        if (seeds is { Count: > 0 } && seeds.Count != ids.Length)
            throw new ArgumentException($"got {seeds.Count} seeds for {ids.Length} reset envs; give one seed per reset env or none.", nameof(seeds));
        if (tasks is { Count: > 0 } && tasks.Count != 1 && tasks.Count != ids.Length)
            throw new ArgumentException($"got {tasks.Count} tasks for {ids.Length} reset envs; give one task, one per reset env, or none.", nameof(tasks));
        var newTasks = tasks is { Count: > 0 } ? tasks.Select(TabletopTask.For).ToArray() : null; // validates every id first

        for (var k = 0; k < ids.Length; k++)
        {
            var env = _envs[ids[k]];
            if (newTasks is not null) env.Task = newTasks.Length == 1 ? newTasks[0] : newTasks[k];
            env.EpisodeSeed = seeds is { Count: > 0 } ? seeds[k] : SplitMix64.Mix(Options.Seed, (ulong)ids[k], env.ResetCount);
            env.ResetCount++;
            env.Limit = Options.MaxEpisodeSteps > 0 ? Options.MaxEpisodeSteps : env.Task.Definition.MaxEpisodeSteps;
            env.World.Reset(env.Task.Sample(env.EpisodeSeed));
            env.State = env.World.ReadState();
            env.Elapsed = 0;
            env.Reward = 0;
            env.ShapedReward = 0;
            env.Terminated = env.Truncated = env.Success = env.PhysicsError = false;
            env.Dirty = true;
        }
        RenderDirty();
        return Snapshot();
    }

    /// <summary>Applies one action per env (float32 [N*7], row-major) and advances every running env by one 10 Hz control step.</summary>
    public EnvStep Step(ReadOnlySpan<float> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ActionValidator.Validate(actions, NumEnvs);
        var copy = actions.ToArray();
        foreach (var env in _envs)
            env.Reward = env.ShapedReward = 0;
        if (ParallelPhysics && NumEnvs > 1)
            Parallel.For(0, NumEnvs, i => StepOne(i, copy));
        else
            for (var i = 0; i < NumEnvs; i++) StepOne(i, copy);
        RenderDirty();
        return Snapshot();
    }

    private void StepOne(int index, float[] actions)
    {
        var env = _envs[index];
        if (env.Done) return;
        var before = env.Task.Potential(env.State);
        var ok = env.World.Step(actions.AsSpan(index * ActionSpace.Dim, ActionSpace.Dim));
        env.Elapsed++;
        env.Dirty = true;
        env.State = env.World.ReadState();
        if (!ok)
        {
            env.PhysicsError = true;
            env.Terminated = true;
            return;
        }
        env.Success = env.Task.IsSuccess(env.State);
        env.Reward = env.Success ? 1f : 0f;
        env.ShapedReward = env.Task.Potential(env.State) - before;
        env.Terminated = env.Success && !Options.SuccessAtEnd;
        env.Truncated = !env.Terminated && env.Elapsed >= env.Limit;
    }

    private void RenderDirty()
    {
        var dirty = new List<int>(NumEnvs);
        for (var i = 0; i < NumEnvs; i++)
        {
            if (_envs[i].Dirty) dirty.Add(i);
            _envs[i].Dirty = false;
        }
        if (dirty.Count == 0) return;
        Span<nint> models = dirty.Count <= 256 ? stackalloc nint[dirty.Count] : new nint[dirty.Count];
        Span<nint> data = dirty.Count <= 256 ? stackalloc nint[dirty.Count] : new nint[dirty.Count];
        Span<nint> outputs = dirty.Count <= 256 ? stackalloc nint[dirty.Count] : new nint[dirty.Count];
        for (var k = 0; k < dirty.Count; k++)
        {
            models[k] = _envs[dirty[k]].World.Model;
            data[k] = _envs[dirty[k]].World.Data;
        }
        Render(_images, _ids.FrontCamera, dirty, models, data, outputs);
        if (_wristImages is not null) Render(_wristImages, _ids.WristCamera, dirty, models, data, outputs);
    }

    private void Render(byte[] images, int camera, List<int> envs, Span<nint> models, Span<nint> data, Span<nint> outputs)
    {
        var baseAddress = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(images));
        for (var k = 0; k < envs.Count; k++) outputs[k] = baseAddress + envs[k] * _imageBytes;
        _renderer.Render(models, data, camera, outputs);
    }

    /// <summary>Distance from the world origin (m) beyond which an object is parked, not on the table.</summary>
    private const float ParkedBeyond = 1f;

    private static void WriteObjectPoses(in SceneState s, Span<float> row)
    {
        // Parked objects read 0: their parking spots are metres away, and values that far off would swamp the
        // centimetres that matter in any statistics a policy standardises its inputs with.
        static Vector3 InScene(Vector3 p) => p.Length() < ParkedBeyond ? p : Vector3.Zero;
        var can = InScene(s.Can);
        can.CopyTo(row);
        row[3] = can == Vector3.Zero ? 0 : s.CanUpright;
        var k = 4;
        foreach (var v in (ReadOnlySpan<Vector3>)[s.Green, s.Blue, s.Plate, s.Towel, s.Basket, s.Handle])
        {
            InScene(v).CopyTo(row[k..]);
            k += 3;
        }
        row[k] = s.Drawer;
    }

    private EnvStep Snapshot()
    {
        var n = NumEnvs;
        var p = ProprioDim;
        var proprio = new float[n * p];
        var tasks = new string[n];
        var instructions = new string[n];
        var reward = new float[n];
        var shaped = new float[n];
        var terminated = new bool[n];
        var truncated = new bool[n];
        var success = new bool[n];
        var elapsed = new int[n];
        var physicsError = new bool[n];
        var seeds = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            var env = _envs[i];
            var s = env.State;
            var row = proprio.AsSpan(i * p, p);
            row[0] = s.Tcp.X; row[1] = s.Tcp.Y; row[2] = s.Tcp.Z;
            row[3] = s.HandRpy.X; row[4] = s.HandRpy.Y; row[5] = s.HandRpy.Z;
            row[6] = s.Opening;
            if (Options.ObjectPoses) WriteObjectPoses(s, row[DefaultProprioNames.Count..]);
            tasks[i] = env.Task.Definition.Id;
            instructions[i] = env.Task.Definition.Instruction;
            reward[i] = env.Reward;
            shaped[i] = env.ShapedReward;
            terminated[i] = env.Terminated;
            truncated[i] = env.Truncated;
            success[i] = env.Success;
            elapsed[i] = env.Elapsed;
            physicsError[i] = env.PhysicsError;
            seeds[i] = env.EpisodeSeed;
            env.Task.Expert(s, _expert.AsSpan(i * ActionSpace.Dim, ActionSpace.Dim));
            foreach (var (style, actions) in _styledExpert) env.Task.Expert(s, actions.AsSpan(i * ActionSpace.Dim, ActionSpace.Dim), style);
        }
        return new EnvStep(n, Options.ImageHeight, Options.ImageWidth, _images.ToArray(), p, proprio, instructions, tasks,
            reward, terminated, truncated, success, physicsError, elapsed, seeds, _expert.ToArray(), shaped, _wristImages?.ToArray())
        {
            StyledExpertActions = _styledExpert.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
        };
    }

    internal TabletopWorld World(int env) => _envs[env].World;

    internal SceneIds Ids => _ids;

    internal SceneModels Models => _models;

    /// <summary>The observable state of env <paramref name="env"/> (tests and benchmarks).</summary>
    internal SceneState State(int env) => _envs[env].State;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var env in _envs) env.World.Dispose();
        _renderer.Dispose();
        _models.Dispose();
    }
}
