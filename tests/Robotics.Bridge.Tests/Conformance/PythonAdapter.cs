using System.Diagnostics;
using Robotics.Bridge.Remote;

namespace Robotics.Bridge.Tests.Conformance;

/// <summary>Starts the Python adapter (sim-adapter/python, fake backend) as a real process on a free port.</summary>
internal static class PythonAdapter
{
    public const string Python = "/usr/bin/python3";

    /// <summary><paramref name="tasks"/>: the fake's --tasks (e.g. the stand-in of a WidowX twin); null = its own tasks.</summary>
    public static Task<SimulatorProcess> StartFakeAsync(string? token = null, string? tasks = null)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = Path.Combine(root, "sim-adapter", "python"),
            ArgumentList = { "-m", "robotics_sim_adapter", "--backend", "fake", "--port", "0" },
        };
        if (tasks is not null)
        {
            start.ArgumentList.Add("--tasks");
            start.ArgumentList.Add(tasks);
        }
        if (token is not null)
        {
            start.ArgumentList.Add("--token");
            start.ArgumentList.Add(token);
        }
        start.Environment["PYTHONPATH"] = Path.Combine(root, "sim-adapter", "python", "src");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        return SimulatorProcess.StartAsync(start, TimeSpan.FromSeconds(60));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Robotics.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Robotics.sln above {AppContext.BaseDirectory}");
    }
}
