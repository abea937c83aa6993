using System.Numerics;
using Robotics.Tabletop.Native;
using static Robotics.Tabletop.Native.MujocoNative;

namespace Robotics.Tabletop.Physics;

/// <summary>
/// One env's physics: an mjData stepped with the shared model its layout calls for (<see cref="SceneModels"/>), the
/// 7-D action mapping (mocap target deltas, finger position targets) and reading the observable state. 10 Hz
/// control = 50 steps of 2 ms.
/// </summary>
internal sealed unsafe class TabletopWorld : IDisposable
{
    public const int Substeps = 50;
    public const double MaxTranslation = 0.03, MaxRotation = 0.3;
    // The gripper's target stays within this box (the table and a margin around the camera's view).
    private static readonly Vector3 WorkspaceMin = new(-0.35f, -0.35f, (float)(Geometry.FingertipBelowTcp + 0.003));
    private static readonly Vector3 WorkspaceMax = new(0.35f, 0.35f, 0.40f);
    // The target never runs further than this ahead of the hand (a blocked hand must not wind up a huge force).
    private const float MaxLead = 0.04f;

    private readonly SceneModels _models;
    private readonly SceneIds _ids;
    private readonly int _nq;
    private MujocoModel _model;
    private nint _data;
    private readonly double* _qpos, _qvel, _ctrl, _mocapPos, _mocapQuat, _xpos, _xquat, _siteXpos;

    public TabletopWorld(SceneModels models, SceneIds ids)
    {
        _models = models;
        _model = models.Full;
        _ids = ids;
        _data = MakeData(_model.Handle);
        if (_data == 0) throw new InvalidOperationException("MuJoCo could not allocate mjData (out of memory?).");
        _qpos = Qpos(_data); _qvel = Qvel(_data); _ctrl = Ctrl(_data);
        _mocapPos = MocapPos(_data); _mocapQuat = MocapQuat(_data);
        _xpos = BodyPos(_data); _xquat = BodyQuat(_data); _siteXpos = SitePos(_data);
        var sizes = stackalloc int[9];
        ModelSizes(_model.Handle, sizes);
        _nq = sizes[0];
    }

    public nint Data => _data;

    /// <summary>The model this episode steps and renders with (its layout's, see <see cref="SceneModels"/>).</summary>
    public nint Model => _model.Handle;

    /// <summary>All joint positions (tests compare trajectories bit for bit).</summary>
    internal ReadOnlySpan<double> Qpos => new(_qpos, _nq);

    /// <summary>Puts the scene in the layout's initial state (everything at rest, fingers open).</summary>
    public void Reset(Layout layout)
    {
        _model = _models.For(layout);
        var m = _model.Handle;
        ResetData(m, _data); // qpos0: every object parked where the MJCF puts it
        SetFree(_ids.HandQpos, layout.Gripper);
        SetMocap(_ids.TargetMocap, layout.Gripper);
        _qpos[_ids.FingerLeftQpos] = _qpos[_ids.FingerRightQpos] = Geometry.FingerTravel;
        _ctrl[0] = _ctrl[1] = Geometry.FingerTravel;
        // Unused movable objects stay at their parking spot (qpos0), weightless so they neither fall nor touch anything.
        Place(_ids.CanQpos, _ids.CanBody, layout.Can);
        Place(_ids.GreenQpos, _ids.GreenBody, layout.Green);
        Place(_ids.BlueQpos, _ids.BlueBody, layout.Blue);
        if (layout.Plate is { } plate) SetMocap(_ids.PlateMocap, plate);
        if (layout.Towel is { } towel) SetMocap(_ids.TowelMocap, towel);
        if (layout.Basket is { } basket) SetMocap(_ids.BasketMocap, basket);
        if (layout.Cabinet is { } cabinet) SetMocap(_ids.CabinetMocap, cabinet);
        _qpos[_ids.DrawerQpos] = layout.Drawer;
        Forward(m, _data);
    }

    /// <summary>Applies one 7-D action and advances one control step; false when the physics blew up.</summary>
    public bool Step(ReadOnlySpan<float> action)
    {
        var t = _ids.TargetMocap * 3;
        var hand = _ids.HandBody * 3;
        for (var axis = 0; axis < 3; axis++)
        {
            var delta = Math.Clamp(action[axis], -MaxTranslation, MaxTranslation);
            var actual = _xpos[hand + axis];
            var target = Math.Clamp(_mocapPos[t + axis] + delta, actual - MaxLead, actual + MaxLead);
            _mocapPos[t + axis] = Math.Clamp(target, WorkspaceMin[axis], WorkspaceMax[axis]);
        }
        if (action[3] != 0 || action[4] != 0 || action[5] != 0)
        {
            var q = _ids.TargetMocap * 4;
            var rotated = Rotations.ApplyWorldDelta(
                new Quaternion((float)_mocapQuat[q + 1], (float)_mocapQuat[q + 2], (float)_mocapQuat[q + 3], (float)_mocapQuat[q]),
                Math.Clamp(action[3], -(float)MaxRotation, (float)MaxRotation),
                Math.Clamp(action[4], -(float)MaxRotation, (float)MaxRotation),
                Math.Clamp(action[5], -(float)MaxRotation, (float)MaxRotation));
            _mocapQuat[q] = rotated.W; _mocapQuat[q + 1] = rotated.X; _mocapQuat[q + 2] = rotated.Y; _mocapQuat[q + 3] = rotated.Z;
        }
        // Gripper: absolute, 1 open, 0 closed, in between opens the fingers proportionally. Closed aims 1 cm past
        // the centre, a spring preload that squeezes held objects (~7-10 N a finger) so they do not creep.
        _ctrl[0] = _ctrl[1] = Geometry.ClosedTarget + Math.Clamp(action[6], 0f, 1f) * (Geometry.FingerTravel - Geometry.ClosedTarget);
        return MujocoNative.Step(_model.Handle, _data, Substeps) == 0;
    }

    public SceneState ReadState()
    {
        var m = _model.Handle;
        var hq = _ids.HandBody * 4;
        var handQuat = new Quaternion((float)_xquat[hq + 1], (float)_xquat[hq + 2], (float)_xquat[hq + 3], (float)_xquat[hq]);
        var cq = _ids.CanBody * 4;
        // z component of the can's axis in the world: 1 upright, 0 lying on its side.
        var canUp = 1 - 2 * (_xquat[cq + 1] * _xquat[cq + 1] + _xquat[cq + 2] * _xquat[cq + 2]);
        int Fingers(int body) => SceneState.Touching(
            ContactsBetween(m, _data, body, _ids.FingerLeftBody) > 0,
            ContactsBetween(m, _data, body, _ids.FingerRightBody) > 0);
        return new SceneState(
            Tcp: Site(_ids.TcpSite),
            HandRpy: Rotations.ToRollPitchYaw(handQuat),
            Opening: (float)(_qpos[_ids.FingerLeftQpos] + _qpos[_ids.FingerRightQpos]),
            Can: Body(_ids.CanBody), CanUpright: (float)canUp,
            Green: Body(_ids.GreenBody), Blue: Body(_ids.BlueBody),
            Plate: Mocap(_ids.PlateMocap), Towel: Mocap(_ids.TowelMocap), Basket: Mocap(_ids.BasketMocap),
            Cabinet: Mocap(_ids.CabinetMocap),
            Drawer: (float)_qpos[_ids.DrawerQpos], Handle: Site(_ids.HandleSite),
            CanFingers: Fingers(_ids.CanBody), GreenFingers: Fingers(_ids.GreenBody), BlueFingers: Fingers(_ids.BlueBody));
    }

    /// <summary>Overwrites one joint position (tests provoke physics blow-ups with it).</summary>
    internal void SetQpos(int address, double value) => _qpos[address] = value;

    private void Place(int qposAddress, int body, Vector3? position)
    {
        SetWeightless(_model.Handle, _data, body, position is null ? 1 : 0);
        if (position is { } p) SetFree(qposAddress, p);
    }

    private void SetFree(int qposAddress, Vector3 position)
    {
        _qpos[qposAddress] = position.X; _qpos[qposAddress + 1] = position.Y; _qpos[qposAddress + 2] = position.Z;
        _qpos[qposAddress + 3] = 1; _qpos[qposAddress + 4] = 0; _qpos[qposAddress + 5] = 0; _qpos[qposAddress + 6] = 0;
    }

    private void SetMocap(int mocap, Vector3 position)
    {
        _mocapPos[mocap * 3] = position.X; _mocapPos[mocap * 3 + 1] = position.Y; _mocapPos[mocap * 3 + 2] = position.Z;
        _mocapQuat[mocap * 4] = 1; _mocapQuat[mocap * 4 + 1] = 0; _mocapQuat[mocap * 4 + 2] = 0; _mocapQuat[mocap * 4 + 3] = 0;
    }

    private Vector3 Body(int body) => new((float)_xpos[body * 3], (float)_xpos[body * 3 + 1], (float)_xpos[body * 3 + 2]);
    private Vector3 Site(int site) => new((float)_siteXpos[site * 3], (float)_siteXpos[site * 3 + 1], (float)_siteXpos[site * 3 + 2]);
    private Vector3 Mocap(int mocap) => new((float)_mocapPos[mocap * 3], (float)_mocapPos[mocap * 3 + 1], (float)_mocapPos[mocap * 3 + 2]);

    public void Dispose()
    {
        if (_data != 0) FreeData(_data);
        _data = 0;
    }
}
