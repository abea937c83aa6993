using System.Diagnostics;

namespace Robotics.Bridge.Tests.Datasets.ManiSkill;

/// <summary>Writes a trajectory.h5 + .json in ManiSkill's layout with Debian's python3-h5py (write_maniskill_trajectory.py).</summary>
internal static class ManiSkillTrajectoryFixture
{
    public const string Camera = "3rd_view_camera";
    public static readonly int[] Lengths = [5, 3, 4, 6];

    /// <summary>The recorded native action of episode e at step t (as the script's action()).</summary>
    public static float[] NativeAction(int e, int t) => [0.01f * (t + 1), -0.005f * e, 0.002f, 0.1f * e, 0.05f, -0.02f * t, t < 2 ? 1f : -1f];

    public static string Write(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script());
        start.ArgumentList.Add(directory);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"write_maniskill_trajectory.py failed (python3-h5py installed? scripts/setup.sh): {stderr}");
        return Path.Combine(directory, "trajectory.h5");
    }

    private static string Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Robotics.sln")))
                return Path.Combine(dir.FullName, "tests", "Robotics.Bridge.Tests", "Datasets", "ManiSkill", "write_maniskill_trajectory.py");
        }
        throw new DirectoryNotFoundException($"no Robotics.sln above {AppContext.BaseDirectory}");
    }
}
