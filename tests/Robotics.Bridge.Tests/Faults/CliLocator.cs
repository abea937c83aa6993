namespace Robotics.Bridge.Tests.Faults;

/// <summary>The robotics CLI built beside these tests (same configuration), for serve-sim processes.</summary>
internal static class CliLocator
{
    public static string CliDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Robotics.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Cannot find the repository root (Robotics.sln) above the test binaries.");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<cfg>/net10.0
        var dll = Path.Combine(dir.FullName, "Bridge", "Robotics.Cli", "bin", configuration, "net10.0", "robotics.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the CLI first (dotnet build Bridge/Robotics.Cli -c {configuration}).", dll);
    }
}
