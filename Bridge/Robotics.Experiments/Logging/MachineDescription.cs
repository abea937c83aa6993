using System.Runtime.InteropServices;

namespace Robotics.Experiments.Logging;

/// <summary>The machine a number was measured on: cores, CPU model, memory, OS.</summary>
public static class MachineDescription
{
    public static string Current()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores, {cpu}, {memory:F0} GiB, {RuntimeInformation.OSDescription}";
    }
}
