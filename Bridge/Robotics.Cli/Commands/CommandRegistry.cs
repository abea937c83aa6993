using System.CommandLine;

namespace Robotics.Cli.Commands;

/// <summary>Every top-level command, registered explicitly (no reflection), in the order --help lists them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return DoctorCommand.Create();
        yield return ServeSimCommand.Create();
        yield return RenderCommand.Create();
        yield return RazorCommand.Create();
        yield return PretrainCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
        yield return DiagnoseCommand.Create();
        yield return RetentionCheckCommand.Create();
        yield return ConformanceCommand.Create();
        yield return BenchLearningCommand.AttachTo(BenchSimCommand.AttachTo(BenchBridgeCommand.AttachTo(BenchPolicyCommand.Create())));
        yield return DemosCommand.Create();
        yield return DatasetCommand.Create();
    }
}
