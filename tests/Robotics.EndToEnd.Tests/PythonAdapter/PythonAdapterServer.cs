using System.Diagnostics;
using Robotics.Bridge.Remote;

namespace Robotics.EndToEnd.Tests.PythonAdapter;

/// <summary>Starts the Python adapter (sim-adapter/python, fake backend) as a real process on a free port.</summary>
internal static class PythonAdapterServer
{
    public static Task<SimulatorProcess> StartFakeAsync()
    {
        var python = Path.Combine(RepositoryRoot(), "sim-adapter", "python");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            WorkingDirectory = python,
            ArgumentList = { "-m", "robotics_sim_adapter", "--backend", "fake", "--port", "0" },
        };
        start.Environment["PYTHONPATH"] = Path.Combine(python, "src");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        return SimulatorProcess.StartAsync(start, TimeSpan.FromSeconds(60));
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Robotics.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Robotics.sln above {AppContext.BaseDirectory}");
    }
}
