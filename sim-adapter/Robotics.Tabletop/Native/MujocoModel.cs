using System.Reflection;

namespace Robotics.Tabletop.Native;

/// <summary>The tabletop's mjModel, loaded from the embedded MJCF with the offscreen buffer sized to the camera.</summary>
internal sealed unsafe class MujocoModel : IDisposable
{
    private nint _handle;

    private MujocoModel(nint handle) => _handle = handle;

    public nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(MujocoModel));

    public static MujocoModel LoadTabletop(int offscreenWidth, int offscreenHeight)
    {
        var xml = SceneXml()
            .Replace("OFFSCREEN_WIDTH", offscreenWidth.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("OFFSCREEN_HEIGHT", offscreenHeight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        const int errorLength = 1024;
        byte* error = stackalloc byte[errorLength];
        error[0] = 0;
        var handle = MujocoNative.LoadXml(xml, error, errorLength);
        if (handle == 0)
            throw new InvalidOperationException($"MuJoCo could not load the tabletop scene: {MujocoNative.ErrorText(error)}");
        return new MujocoModel(handle);
    }

    public static string SceneXml()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Robotics.Tabletop.Scene.tabletop.xml")
            ?? throw new InvalidOperationException("The embedded scene Robotics.Tabletop.Scene.tabletop.xml is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A copy of this model in which the subtrees of <paramref name="bodies"/> collide with nothing and are not drawn
    /// (see tt_park_body). Same sizes and addresses, so an mjData of either model steps with the other.
    /// </summary>
    public MujocoModel WithParked(IEnumerable<int> bodies)
    {
        var copy = MujocoNative.CopyModel(Handle);
        if (copy == 0) throw new InvalidOperationException("MuJoCo could not copy the tabletop model (out of memory?).");
        foreach (var body in bodies) MujocoNative.ParkBody(copy, body);
        return new MujocoModel(copy);
    }

    /// <summary>The id of a named object; throws when the scene lacks it (a scene/code mismatch).</summary>
    public int Id(int type, string name)
    {
        var id = MujocoNative.NameToId(Handle, type, name);
        return id >= 0 ? id : throw new InvalidOperationException($"The tabletop scene has no object '{name}' of type {type}.");
    }

    public void Dispose()
    {
        if (_handle != 0) MujocoNative.FreeModel(_handle);
        _handle = 0;
    }
}
