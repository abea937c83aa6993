using System.Runtime.InteropServices;

namespace Robotics.Tabletop.Native;

/// <summary>
/// P/Invoke surface of native/tabletop_shim.c. The shim is compiled against the installed MuJoCo headers,
/// so C# never assumes an mjModel/mjData layout: it reads fields through accessor functions and array pointers.
/// </summary>
internal static unsafe partial class MujocoNative
{
    private const string Library = "tabletop_shim";

    // mjtObj values (stable across MuJoCo 2.x).
    public const int ObjBody = 1, ObjJoint = 3, ObjGeom = 5, ObjSite = 6, ObjCamera = 7;

    [LibraryImport(Library, EntryPoint = "tt_load_xml", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint LoadXml(string xml, byte* error, int errorLength);

    /// <summary>MuJoCo's version as 100 x major + 10 x minor + patch (222 for 2.2.2).</summary>
    [LibraryImport(Library, EntryPoint = "tt_mujoco_version")]
    public static partial int MujocoVersion();

    [LibraryImport(Library, EntryPoint = "tt_copy_model")]
    public static partial nint CopyModel(nint model);

    [LibraryImport(Library, EntryPoint = "tt_park_body")]
    public static partial void ParkBody(nint model, int body);

    [LibraryImport(Library, EntryPoint = "tt_free_model")]
    public static partial void FreeModel(nint model);

    [LibraryImport(Library, EntryPoint = "tt_name2id", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NameToId(nint model, int type, string name);

    [LibraryImport(Library, EntryPoint = "tt_timestep")]
    public static partial double Timestep(nint model);

    [LibraryImport(Library, EntryPoint = "tt_model_sizes")]
    public static partial void ModelSizes(nint model, int* sizes);

    [LibraryImport(Library, EntryPoint = "tt_jnt_qposadr")]
    public static partial int* JointQposAddress(nint model);

    [LibraryImport(Library, EntryPoint = "tt_jnt_dofadr")]
    public static partial int* JointDofAddress(nint model);

    [LibraryImport(Library, EntryPoint = "tt_body_mocapid")]
    public static partial int* BodyMocapId(nint model);

    [LibraryImport(Library, EntryPoint = "tt_make_data")]
    public static partial nint MakeData(nint model);

    [LibraryImport(Library, EntryPoint = "tt_free_data")]
    public static partial void FreeData(nint data);

    [LibraryImport(Library, EntryPoint = "tt_reset")]
    public static partial void ResetData(nint model, nint data);

    [LibraryImport(Library, EntryPoint = "tt_forward")]
    public static partial void Forward(nint model, nint data);

    [LibraryImport(Library, EntryPoint = "tt_step")]
    public static partial int Step(nint model, nint data, int steps);

    [LibraryImport(Library, EntryPoint = "tt_set_weightless")]
    public static partial void SetWeightless(nint model, nint data, int body, int on);

    [LibraryImport(Library, EntryPoint = "tt_contacts_between")]
    public static partial int ContactsBetween(nint model, nint data, int body1, int body2);

    [LibraryImport(Library, EntryPoint = "tt_qpos")] public static partial double* Qpos(nint data);
    [LibraryImport(Library, EntryPoint = "tt_qvel")] public static partial double* Qvel(nint data);
    [LibraryImport(Library, EntryPoint = "tt_ctrl")] public static partial double* Ctrl(nint data);
    [LibraryImport(Library, EntryPoint = "tt_mocap_pos")] public static partial double* MocapPos(nint data);
    [LibraryImport(Library, EntryPoint = "tt_mocap_quat")] public static partial double* MocapQuat(nint data);
    [LibraryImport(Library, EntryPoint = "tt_xpos")] public static partial double* BodyPos(nint data);
    [LibraryImport(Library, EntryPoint = "tt_xquat")] public static partial double* BodyQuat(nint data);
    [LibraryImport(Library, EntryPoint = "tt_site_xpos")] public static partial double* SitePos(nint data);

    [LibraryImport(Library, EntryPoint = "tt_renderer_create")]
    public static partial nint RendererCreate(nint model, int width, int height, int backend, byte* error, int errorLength);

    [LibraryImport(Library, EntryPoint = "tt_renderer_backend")]
    public static partial int RendererBackend(nint renderer);

    [LibraryImport(Library, EntryPoint = "tt_render")]
    public static partial int Render(nint renderer, nint* models, nint* data, int count, int cameraId, byte** output);

    [LibraryImport(Library, EntryPoint = "tt_renderer_free")]
    public static partial void RendererFree(nint renderer);

    /// <summary>A NUL-terminated UTF-8 error buffer as a string.</summary>
    public static string ErrorText(byte* buffer) => Marshal.PtrToStringUTF8((nint)buffer) ?? "";
}
