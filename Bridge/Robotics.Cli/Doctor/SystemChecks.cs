using System.Diagnostics;
using System.Runtime.InteropServices;
using Robotics.Experiments.Logging;

namespace Robotics.Cli.Doctor;

/// <summary>Probes the machine: runtime, native libraries and the Python adapter's interpreter.</summary>
internal static class SystemChecks
{
    private const string AptMuJoCo = "sudo apt-get install -y libmujoco-dev";
    private const string AptGl = "sudo apt-get install -y libegl1 libegl-mesa0 libosmesa6";
    private const string AptPython = "sudo apt-get install -y python3-grpcio python3-protobuf python3-numpy python3-pytest protobuf-compiler protobuf-compiler-grpc";

    /// <summary>Where the Python adapter's packages are installed by Debian (python3 on PATH may be another build).</summary>
    public const string PythonInterpreter = "/usr/bin/python3";

    // The same description of the machine as reports and benches give, so that a doctor run can be matched to their numbers.
    private static readonly MachineDescription Machine = MachineDescription.Probe();

    public static IReadOnlyList<SystemCheck> RunAll() =>
    [
        new(".NET", true, $"{RuntimeInformation.FrameworkDescription} on {Machine.Summary} ({Machine.Architecture})", true, null),
        TorchSharpCheck(),
        NativeCheck("MuJoCo", ["libmujoco.so.2.2.2", "libmujoco.so"], MuJoCoVersion, required: true, AptMuJoCo),
        NativeCheck("EGL (headless GL)", ["libEGL.so.1"], null, required: false, AptGl),
        NativeCheck("OSMesa (headless GL fallback)", ["libOSMesa.so.8", "libOSMesa.so"], null, required: false, AptGl),
        GlBackendCheck(),
        PythonCheck(),
    ];

    private static SystemCheck TorchSharpCheck()
    {
        try
        {
            var version = typeof(TorchSharp.torch).Assembly.GetName().Version;
            TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
            var cuda = TorchSharp.torch.cuda.is_available() ? "CUDA available" : "CPU only";
            return new("TorchSharp / libtorch", true, $"TorchSharp {version}, libtorch {TorchSharp.torch.__version__}, {cuda}, {TorchSharp.torch.get_num_threads()} threads", true, null);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return new("TorchSharp / libtorch", false, e.Message, true, "dotnet build (the build patches libLibTorchSharp.so for older libstdc++)");
        }
    }

    private static SystemCheck NativeCheck(string component, string[] names, Func<IntPtr, string?>? version, bool required, string hint)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                var detail = version?.Invoke(handle) ?? name;
                return new(component, true, detail, required, null);
            }
        }
        return new(component, false, $"none of {string.Join(", ", names)} could be loaded", required, hint);
    }

    private static string? MuJoCoVersion(IntPtr handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "mj_versionString", out var export)) return "MuJoCo (version unknown)";
        unsafe
        {
            var fn = (delegate* unmanaged<IntPtr>)export;
            return "MuJoCo " + Marshal.PtrToStringAnsi(fn());
        }
    }

    private static SystemCheck GlBackendCheck()
    {
        var requested = Environment.GetEnvironmentVariable("MUJOCO_GL");
        var egl = NativeLibrary.TryLoad("libEGL.so.1", out _);
        var osmesa = NativeLibrary.TryLoad("libOSMesa.so.8", out _) || NativeLibrary.TryLoad("libOSMesa.so", out _);
        var backend = requested switch
        {
            "osmesa" when osmesa => "OSMesa (MUJOCO_GL=osmesa)",
            "egl" when egl => "EGL (MUJOCO_GL=egl)",
            _ when egl => "EGL, OSMesa as fallback",
            _ when osmesa => "OSMesa",
            _ => null,
        };
        return backend is null
            ? new("GL backend for rendering", false, "neither EGL nor OSMesa found: cameras cannot render", true, AptGl)
            : new("GL backend for rendering", true, backend, true, null);
    }

    private static SystemCheck PythonCheck()
    {
        const string probe = "import grpc, google.protobuf, numpy; print('grpcio', grpc.__version__, '| protobuf', google.protobuf.__version__, '| numpy', numpy.__version__)";
        if (!File.Exists(PythonInterpreter))
        {
            return new("Python adapter interpreter", false, $"{PythonInterpreter} not found", false, AptPython);
        }
        try
        {
            var info = new ProcessStartInfo(PythonInterpreter, ["-c", probe]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            var error = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0
                ? new("Python adapter interpreter", true, $"{PythonInterpreter}: {output}", false, null)
                : new("Python adapter interpreter", false, $"{PythonInterpreter}: {error.Split('\n').LastOrDefault()}", false, AptPython);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new("Python adapter interpreter", false, e.Message, false, AptPython);
        }
    }
}
