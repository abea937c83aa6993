using System.CommandLine;

namespace Robotics.Cli.Commands;

/// <summary>Every top-level command, registered explicitly (no reflection), in the order --help lists them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return DoctorCommand.Create();
        yield return ConformanceCommand.Create();
    }
}
