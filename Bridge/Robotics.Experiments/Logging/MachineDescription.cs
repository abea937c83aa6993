using System.Runtime.InteropServices;

namespace Robotics.Experiments.Logging;

/// <summary>
/// The machine a number was measured on: cores, CPU model, memory, OS, architecture. The one description that reports
/// (<c>results.json</c>'s <c>Machine</c>), the benches and the doctor print, so that their lines name a machine alike.
/// </summary>
public sealed record MachineDescription(int Cores, string Cpu, double MemoryGiB, string Os, Architecture Architecture)
{
    /// <summary>This machine, as the process sees it (the GC's available memory honours a container's limit).</summary>
    public static MachineDescription Probe()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return new(Environment.ProcessorCount, cpu, memory, RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture);
    }

    /// <summary>This machine in one line: <c>2 cores, CPU, 8 GiB, OS</c> (the form reports have always stored).</summary>
    public static string Current() => Probe().Summary;

    public string Summary => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Cores} cores, {Cpu}, {MemoryGiB:F0} GiB, {Os}");

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown": a benchmark's numbers depend on what else runs.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
