using Robotics.Tabletop.Native;
using static Robotics.Tabletop.Native.MujocoNative;

namespace Robotics.Tabletop.Physics;

/// <summary>Indices into mjData arrays for the tabletop's named objects, resolved once per model.</summary>
internal sealed unsafe class SceneIds
{
    public SceneIds(MujocoModel model)
    {
        var m = model.Handle;
        var qposAdr = JointQposAddress(m);
        var dofAdr = JointDofAddress(m);
        var mocapId = BodyMocapId(m);
        int Qpos(string joint) => qposAdr[model.Id(ObjJoint, joint)];
        int Dof(string joint) => dofAdr[model.Id(ObjJoint, joint)];
        int Mocap(string body) => mocapId[model.Id(ObjBody, body)];

        HandQpos = Qpos("hand");
        HandDof = Dof("hand");
        FingerLeftQpos = Qpos("finger_left");
        FingerRightQpos = Qpos("finger_right");
        DrawerQpos = Qpos("drawer");
        DrawerDof = Dof("drawer");
        CanQpos = Qpos("can");
        GreenQpos = Qpos("cube_green");
        BlueQpos = Qpos("cube_blue");
        CanDof = Dof("can");
        GreenDof = Dof("cube_green");
        BlueDof = Dof("cube_blue");

        TargetMocap = Mocap("target");
        PlateMocap = Mocap("plate");
        TowelMocap = Mocap("towel");
        BasketMocap = Mocap("basket");
        CabinetMocap = Mocap("cabinet");

        HandBody = model.Id(ObjBody, "hand");
        CanBody = model.Id(ObjBody, "can");
        GreenBody = model.Id(ObjBody, "cube_green");
        BlueBody = model.Id(ObjBody, "cube_blue");
        PlateBody = model.Id(ObjBody, "plate");
        TowelBody = model.Id(ObjBody, "towel");
        BasketBody = model.Id(ObjBody, "basket");
        CabinetBody = model.Id(ObjBody, "cabinet");
        FingerLeftBody = model.Id(ObjBody, "finger_left");
        FingerRightBody = model.Id(ObjBody, "finger_right");
        TcpSite = model.Id(ObjSite, "tcp");
        HandleSite = model.Id(ObjSite, "handle");
        FrontCamera = model.Id(ObjCamera, "front");
        WristCamera = model.Id(ObjCamera, "wrist");
    }

    public int HandQpos { get; }
    public int HandDof { get; }
    public int FingerLeftQpos { get; }
    public int FingerRightQpos { get; }
    public int DrawerQpos { get; }
    public int DrawerDof { get; }
    public int CanQpos { get; }
    public int GreenQpos { get; }
    public int BlueQpos { get; }
    public int CanDof { get; }
    public int GreenDof { get; }
    public int BlueDof { get; }
    public int TargetMocap { get; }
    public int PlateMocap { get; }
    public int TowelMocap { get; }
    public int BasketMocap { get; }
    public int CabinetMocap { get; }
    public int HandBody { get; }
    public int CanBody { get; }
    public int GreenBody { get; }
    public int BlueBody { get; }
    public int PlateBody { get; }
    public int TowelBody { get; }
    public int BasketBody { get; }
    public int CabinetBody { get; }
    public int FingerLeftBody { get; }
    public int FingerRightBody { get; }
    public int TcpSite { get; }
    public int HandleSite { get; }
    public int FrontCamera { get; }
    public int WristCamera { get; }
}
