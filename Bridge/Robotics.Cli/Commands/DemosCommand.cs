using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Robotics.Bridge.Datasets;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Faults;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics demos</c>: the scripted expert's successful episodes of one task, as the paper filters its demos.
/// Episode seeds are <c>(seed &lt;&lt; 20) + k</c>, k = 0, 1, ...; failures are counted and dropped.
/// </summary>
internal static class DemosCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "Task id, e.g. pick_can.", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "Successful episodes to keep.", DefaultValueFactory = _ => 200 };
        var output = new Option<string>("--out") { Description = "Dataset file to write (MessagePack, LZ4).", Required = true };
        var sim = new SimulatorArguments();
        var numEnvs = new Option<int>("--num-envs") { Description = "Parallel envs.", DefaultValueFactory = _ => 16 };
        var noise = new Option<double>("--noise") { Description = "Gaussian noise on the executed expert action (x ExpertActor.NoiseScale); the clean action is recorded.", DefaultValueFactory = _ => 0.3 };
        var seed = new Option<ulong>("--seed") { Description = "Root seed of the episode seeds and the noise.", DefaultValueFactory = _ => 0UL };
        var imageSize = new Option<int>("--image-size") { Description = "Square camera size in pixels.", DefaultValueFactory = _ => 64 };
        var retries = new Option<int>("--retries") { Description = "Reconnect attempts after a simulator failure (episodes in flight are rerun from fresh resets).", DefaultValueFactory = _ => 0 };
        var style = new Option<string?>("--expert-style") { Description = "Demonstrate in this style of the task's expert (the simulator lists each task's styles; the tabletop's pick_can offers slow_high); none = the default expert." };
        var command = new Command("demos", "Collect the scripted expert's successful episodes of a task into an episode dataset (failures are counted and dropped).")
        {
            task, episodes, output, sim.Url, sim.Token, numEnvs, noise, seed, imageSize, retries, style,
        };
        command.SetAction((parse, ct) => RunAsync(new DemoRequest(parse.GetValue(task)!, parse.GetValue(episodes), parse.GetValue(output)!,
            sim.Bind(parse), parse.GetValue(numEnvs), parse.GetValue(noise), parse.GetValue(seed), parse.GetValue(imageSize),
            parse.GetValue(retries), parse.GetValue(style)), ct));
        return command;
    }

    private sealed record DemoRequest(string Task, int Episodes, string Out, SimulatorConnection Sim, int NumEnvs, double Noise, ulong Seed, int ImageSize, int Retries, string? ExpertStyle);

    private static async Task<int> RunAsync(DemoRequest r, CancellationToken ct)
    {
        if (r.Episodes < 1) throw new ArgumentException($"--episodes must be >= 1, got {r.Episodes}.");
        var options = new VectorEnvOptions
        {
            NumEnvs = r.NumEnvs, Tasks = [r.Task], ImageSize = r.ImageSize, Seed = r.Seed, Retries = r.Retries,
            ClientName = "robotics demos",
        };
        await using var env = await r.Sim.OpenAsync(options, ct);
        if (!env.Spec.HasExpert) throw new ArgumentException($"The simulator ({env.Spec.Backend}) has no scripted expert; demos need one.");
        env.Spec.RequireExpertStyle(r.Task, r.ExpertStyle);
        // Expect a few failures: ask for 25% more attempts than needed, and give up after 5x.
        var maxAttempts = r.Episodes * 5;
        var requests = Enumerable.Range(0, maxAttempts).Select(k => new EpisodeRequest(r.Task, (r.Seed << 20) + (ulong)k)).ToArray();
        var collector = new RolloutCollector(new RolloutCollectorOptions { Label = $"demos {r.Task}" });
        var header = DatasetHeader.For(env.Spec, $"expert{(r.ExpertStyle is { } named ? $" style={named}" : "")} noise={r.Noise} seed={r.Seed}, successful episodes only") with { Tasks = [r.Task] };
        var clock = Stopwatch.StartNew();
        int kept = 0, failed = 0, aborted = 0;
        long steps = 0;
        Exception? fault = null;
        using (var writer = EpisodeDatasetWriter.Create(r.Out, header))
        {
            try
            {
                await foreach (var collected in collector.StreamAsync([env], new ExpertActor(r.Noise, r.Seed, r.ExpertStyle), requests, ct))
                {
                    var e = collected.Episode;
                    if (e.Aborted) aborted++;
                    else if (!e.Success) failed++;
                    else if (kept < r.Episodes)
                    {
                        writer.Write(e);
                        kept++;
                        steps += e.Steps;
                    }
                    if (kept >= r.Episodes) break;
                }
            }
            catch (SimulatorUnavailableException e)
            {
                fault = e;
            }
            // Whole episodes only: what was collected before a failure stays a valid, finished dataset.
            writer.Complete();
        }
        var attempts = kept + failed;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{r.Task}: kept {kept} successful episodes of {attempts} finished ({failed} failures dropped, {aborted} aborted), " +
            $"{steps} steps, {new FileInfo(Path.GetFullPath(r.Out)).Length / 1e6:F1} MB -> {r.Out} in {clock.Elapsed.TotalSeconds:F1} s"));
        if (fault is not null)
        {
            Console.Error.WriteLine($"error: {fault.Message}");
            return ExitCodes.Failure;
        }
        if (kept < r.Episodes)
        {
            Console.Error.WriteLine($"error: only {kept} of {r.Episodes} episodes succeeded within {maxAttempts} attempts; the expert of '{r.Task}' fails too often.");
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }
}
