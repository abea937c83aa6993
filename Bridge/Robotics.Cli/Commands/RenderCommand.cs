using System.CommandLine;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Reports;
using Robotics.Policy;
using Robotics.Tabletop;
using Robotics.Tabletop.Imaging;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;
using Robotics.Tabletop.Tasks;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics render</c>: what the camera sees, so a person can look. <c>--out x.png</c> writes one tabletop frame
/// (optionally after K expert steps); <c>--out x.gif</c> records a whole episode, acted by <c>--policy</c> (greedy, as
/// it is evaluated) or by the scripted expert.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var command = new Command("render", "Write the camera's image for a task and seed as PNG, or record one whole episode (a policy's or the expert's) as an animated GIF.");
        var task = new Option<string>("--task") { Description = $"Task id (the tabletop's: {string.Join(", ", TaskSuite.All.Select(t => t.Id))}).", DefaultValueFactory = _ => "pick_can" };
        var seed = new Option<ulong>("--seed") { Description = "Episode seed (decides the whole initial state).", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "File to write: .png (one frame) or .gif (the whole episode, a frame per step, captioned in its comment).", Required = true };
        var size = new Option<int?>("--size") { Description = "Image width and height in pixels (default 64; with --policy, the policy's own camera size)." };
        var steps = new Option<int>("--steps") { Description = ".png only: scripted-expert steps to run before rendering.", DefaultValueFactory = _ => 0 };
        var wrist = new Option<bool>("--wrist") { Description = ".png only: render the wrist camera instead of the third-person one." };
        var policy = new Option<string?>("--policy") { Description = ".gif only: checkpoint folder of the policy that acts (default: the scripted expert)." };
        var sim = new SimulatorArguments();
        foreach (var option in new Option[] { task, seed, output, size, steps, wrist, policy, sim.Url, sim.Token })
            command.Options.Add(option);
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(output)!;
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension == ".gif")
            {
                if (parseResult.GetValue(steps) != 0 || parseResult.GetValue(wrist))
                    throw new ArgumentException("--steps and --wrist apply to a .png frame; a .gif records the whole episode from the policy's camera.");
                return await RecordAsync(parseResult.GetValue(task)!, parseResult.GetValue(seed), path, parseResult.GetValue(size), parseResult.GetValue(policy),
                    sim.Bind(parseResult), ct);
            }
            if (extension != ".png") throw new ArgumentException($"--out must end in .png or .gif, got '{path}'.");
            if (parseResult.GetValue(policy) is not null || sim.Bind(parseResult).Remote)
                throw new ArgumentException("--policy and --sim record an episode: give --out a .gif name.");
            return Frame(parseResult.GetValue(task)!, parseResult.GetValue(seed), path, parseResult.GetValue(size) ?? 64, parseResult.GetValue(steps), parseResult.GetValue(wrist));
        });
        return command;
    }

    private static int Frame(string taskId, ulong seed, string path, int pixels, int expertSteps, bool useWrist)
    {
        if (expertSteps < 0) throw new ArgumentException($"--steps must be >= 0, got {expertSteps}.");
        using var env = TabletopVectorEnv.Create(new TabletopOptions
        {
            Tasks = [taskId], ImageWidth = pixels, ImageHeight = pixels, WristCamera = useWrist,
        });
        var batch = env.Reset(null, [seed]);
        for (var k = 0; k < expertSteps && !batch.Done(0); k++)
            batch = env.Step(batch.ExpertActions!);
        PngWriter.Write(path, useWrist ? batch.WristImages : batch.Images, pixels, pixels);
        Console.WriteLine($"{path}: {taskId} seed {batch.EpisodeSeeds[0]}, step {batch.ElapsedSteps[0]}, success {batch.Success[0]}, \"{batch.Instructions[0]}\"");
        return 0;
    }

    private static async Task<int> RecordAsync(string taskId, ulong seed, string path, int? size, string? policyPath, SimulatorConnection sim, CancellationToken ct)
    {
        using var policy = policyPath is null ? null : LoadPolicy(policyPath);
        if (policy is not null && size is { } s && s != policy.Config.ImageSize)
            throw new ArgumentException($"--size {s}: the policy at '{policyPath}' sees {policy.Config.ImageSize}x{policy.Config.ImageSize} images; leave --size out.");
        var options = policy is null
            ? new VectorEnvOptions { NumEnvs = 1, Tasks = [taskId], ImageSize = size ?? 64 }
            : PolicyEnvOptions.For(policy.Config, 1, [taskId]);
        await using var env = await sim.OpenAsync(options, ct);
        using var policyActor = policy is null ? null : new PolicyActor(policy, DecodingMode.Greedy);
        IActor actor = policyActor is null ? new ExpertActor() : policyActor;
        var collector = new RolloutCollector(new RolloutCollectorOptions { Progress = false });
        var episode = (await collector.CollectAsync(env, actor, [new EpisodeRequest(taskId, seed)], ct))[0];
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        EpisodeGif.Write(path, episode);
        Console.WriteLine($"{path}: {episode.Steps} frames, {(policy is null ? "scripted expert" : policyPath)}: {EpisodeGif.Caption(episode)}");
        return 0;
    }

    private static VlaPolicy LoadPolicy(string path)
    {
        CheckpointArguments.RequireFolder("--policy", path);
        return VlaPolicy.Load(path);
    }
}
