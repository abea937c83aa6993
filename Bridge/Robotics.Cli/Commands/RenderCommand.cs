using System.CommandLine;
using Robotics.Tabletop;
using Robotics.Tabletop.Imaging;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics render</c>: what the tabletop's camera sees for a task and seed, as a PNG, so a person can look.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var command = new Command("render", "Write the tabletop camera's image for a task and seed as PNG (optionally after K expert steps).");
        var task = new Option<string>("--task") { Description = $"Task id: {string.Join(", ", TaskSuite.All.Select(t => t.Id))}.", DefaultValueFactory = _ => "pick_can" };
        var seed = new Option<ulong>("--seed") { Description = "Episode seed (decides the whole initial state).", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "PNG file to write.", Required = true };
        var size = new Option<int>("--size") { Description = "Image width and height in pixels.", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Scripted-expert steps to run before rendering.", DefaultValueFactory = _ => 0 };
        var wrist = new Option<bool>("--wrist") { Description = "Render the wrist camera instead of the third-person one." };
        foreach (var option in new Option[] { task, seed, output, size, steps, wrist })
            command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var taskId = parseResult.GetValue(task)!;
            var pixels = parseResult.GetValue(size);
            var expertSteps = parseResult.GetValue(steps);
            var useWrist = parseResult.GetValue(wrist);
            if (expertSteps < 0) throw new ArgumentException($"--steps must be >= 0, got {expertSteps}.");
            using var env = TabletopVectorEnv.Create(new TabletopOptions
            {
                Tasks = [taskId], ImageWidth = pixels, ImageHeight = pixels, WristCamera = useWrist,
            });
            var batch = env.Reset(null, [parseResult.GetValue(seed)]);
            for (var k = 0; k < expertSteps && !batch.Done(0); k++)
                batch = env.Step(batch.ExpertActions);
            var path = parseResult.GetValue(output)!;
            PngWriter.Write(path, useWrist ? batch.WristImages : batch.Images, pixels, pixels);
            Console.WriteLine($"{path}: {taskId} seed {batch.EpisodeSeeds[0]}, step {batch.ElapsedSteps[0]}, success {batch.Success[0]}, \"{batch.Instructions[0]}\"");
            return 0;
        });
        return command;
    }
}
