using System.CommandLine;
using Robotics.Bridge.Datasets.LeRobot;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Rollouts;
using Robotics.Policy.Language;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics dataset export --format lerobot F.msgpack OUT/</c> and <c>robotics dataset import IN/ --format lerobot --out F.msgpack</c>:
/// this project's episode datasets to and from LeRobot's v2.1 layout, the way the field shares demonstrations.
/// </summary>
internal static class LeRobotDatasetCommands
{
    private static Option<string> Format() => new("--format")
    {
        Description = $"Dataset layout: lerobot (LeRobot {LeRobotLayout.CodebaseVersion}: Parquet episodes with embedded PNG frames, JSON Lines metadata).",
        Required = true,
    };

    public static Command Export()
    {
        var format = Format();
        format.AcceptOnlyFromAmong("lerobot");
        var source = new Argument<string>("FILE") { Description = "Episode dataset (.msgpack) to export." };
        var output = new Argument<string>("OUT") { Description = "Folder to write the LeRobot dataset into (new or empty)." };
        var command = new Command("export", "Write an episode dataset in another layout (lerobot: LeRobot v2.1).") { format, source, output };
        command.SetAction(async (parse, ct) =>
        {
            var reader = new EpisodeDatasetReader(parse.GetValue(source)!);
            var summary = await LeRobotExporter.ExportAsync(reader.Header, reader, parse.GetValue(output)!, ct);
            Console.WriteLine($"{parse.GetValue(output)}: LeRobot {LeRobotLayout.CodebaseVersion}, {summary.Episodes} episodes, {summary.Frames} frames, {summary.Tasks} tasks");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The LeRobot branch of <c>dataset import</c> (<see cref="DatasetImportCommand"/>).</summary>
    public static async Task<int> ImportAsync(string source, string output, CancellationToken ct)
    {
        var reader = new LeRobotReader(source);
        using var writer = EpisodeDatasetWriter.Create(output, reader.Header);
        long steps = 0;
        await foreach (var episode in reader.ReadAsync(ct))
        {
            writer.Write(episode);
            steps += episode.Steps;
        }
        writer.Complete();
        Console.WriteLine($"{writer.Path}: {writer.EpisodesWritten} episodes, {steps} steps from {source}");
        return ExitCodes.Success;
    }
}
