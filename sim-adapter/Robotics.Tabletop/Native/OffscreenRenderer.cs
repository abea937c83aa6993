namespace Robotics.Tabletop.Native;

/// <summary>
/// One headless GL context and MuJoCo render context, rendering a batch of envs per call. Backend: EGL (Mesa
/// surfaceless or a GPU device), falling back to OSMesa; the MUJOCO_GL environment variable (egl|osmesa) forces one.
/// </summary>
internal sealed unsafe class OffscreenRenderer : IDisposable
{
    private nint _handle;

    public OffscreenRenderer(MujocoModel model, int width, int height)
    {
        Width = width;
        Height = height;
        var backend = Environment.GetEnvironmentVariable("MUJOCO_GL")?.Trim().ToLowerInvariant() switch
        {
            null or "" => 0,
            "egl" => 1,
            "osmesa" => 2,
            var other => throw new ArgumentException($"MUJOCO_GL='{other}' is not supported here; use egl or osmesa (or leave it unset)."),
        };
        const int errorLength = 1024;
        byte* error = stackalloc byte[errorLength];
        error[0] = 0;
        _handle = MujocoNative.RendererCreate(model.Handle, width, height, backend, error, errorLength);
        if (_handle == 0)
            throw new InvalidOperationException($"Headless rendering is unavailable: {MujocoNative.ErrorText(error)}. Run 'robotics doctor'.");
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>"egl" or "osmesa".</summary>
    public string Backend => MujocoNative.RendererBackend(_handle) == 1 ? "egl" : "osmesa";

    /// <summary>
    /// Renders camera <paramref name="cameraId"/> of each data into its destination buffer (uint8 [H,W,3] each);
    /// <paramref name="models"/> holds each data's model (the renderer's model or a <see cref="MujocoModel.WithParked"/> copy of it).
    /// </summary>
    public void Render(ReadOnlySpan<nint> models, ReadOnlySpan<nint> data, int cameraId, ReadOnlySpan<nint> destinations)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        if (models.Length != data.Length || destinations.Length != data.Length)
            throw new ArgumentException($"got {models.Length} models and {destinations.Length} destinations for {data.Length} datas.", nameof(models));
        fixed (nint* modelPtr = models)
        fixed (nint* dataPtr = data)
        fixed (nint* outPtr = destinations)
        {
            if (MujocoNative.Render(_handle, modelPtr, dataPtr, data.Length, cameraId, (byte**)outPtr) != 0)
                throw new InvalidOperationException("The GL context could not be made current for rendering.");
        }
    }

    public void Dispose()
    {
        if (_handle != 0) MujocoNative.RendererFree(_handle);
        _handle = 0;
    }
}
