using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Robotics.Experiments.Diagnosis;
using Robotics.Policy;
using Robotics.Tabletop;
using Spectre.Console;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics diagnose</c>: why does my policy fail? K sampled rollouts on each of N held-out layouts, the binomial
/// check (noise-like or layout-specific failures), each failure classified from the recorded state, a heatmap over the table.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create()
    {
        var policyPath = new Option<string>("--policy") { Description = "Checkpoint folder", Required = true };
        var task = new Option<string>("--task") { Description = "Task to diagnose", DefaultValueFactory = _ => "pick_can" };
        var layouts = new Option<int>("--layouts") { Description = "Held-out layouts (seeds from --first-seed)", DefaultValueFactory = _ => 48 };
        var samples = new Option<int>("--samples") { Description = "Sampled rollouts per layout", DefaultValueFactory = _ => 8 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature", DefaultValueFactory = _ => 1f };
        var firstSeed = new Option<ulong>("--first-seed") { Description = "Seed of the first layout (the evaluation band starts at 1,000,000)", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<long>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Folder for diagnosis.json and success_heatmap.png" };
        var sim = new SimulatorArguments();
        var numEnvs = ExperimentOptions.NumEnvs(32);
        var command = new Command("diagnose", "Per-layout success of a policy, the binomial check (noise or layout-specific failures) and how each failure ended.")
        {
            policyPath, task, layouts, samples, temperature, firstSeed, seed, output, sim.Url, sim.Token, numEnvs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var t = parse.GetValue(temperature);
            if (!(t > 0 && float.IsFinite(t))) throw new ArgumentException($"--temperature must be a positive number, got {t}");
            if (parse.GetValue(layouts) < 1 || parse.GetValue(samples) < 1) throw new ArgumentException("--layouts and --samples must be positive");
            CheckpointArguments.RequireFolder("--policy", parse.GetValue(policyPath)!);
            using var policy = VlaPolicy.Load(parse.GetValue(policyPath)!);
            var connection = sim.Bind(parse);
            var remote = connection.Remote;
            // The embedded tabletop records every object's pose for the classifier (a pixel policy never sees them);
            // other simulators offer no poses, so only the counts and the binomial check are reported there.
            var recordPoses = !remote || policy.Config.ObjectPoses;
            var names = recordPoses && !remote ? TabletopVectorEnv.DefaultProprioNames.Concat(TabletopVectorEnv.ObjectPoseNames).ToArray() : null;
            var taskId = parse.GetValue(task)!;
            await using var env = await connection.OpenAsync(new VectorEnvOptions
            {
                NumEnvs = parse.GetValue(numEnvs), Tasks = [taskId], ImageSize = policy.Config.ImageSize, ObjectPoses = recordPoses,
            }, ct);
            var diagnosis = new PolicyDiagnosis(env, new RolloutCollector(new RolloutCollectorOptions { Progress = true, Label = "diagnose" }), names);
            var result = await diagnosis.RunAsync(policy, taskId, parse.GetValue(layouts), parse.GetValue(samples), t, parse.GetValue(firstSeed), parse.GetValue(seed), ct);
            Print(result);
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir);
                await File.WriteAllTextAsync(Path.Combine(dir, "diagnosis.json"), JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }), ct);
                var png = DiagnosisHeatmap.Render(result, Path.Combine(dir, "success_heatmap.png"));
                AnsiConsole.MarkupLine($"wrote {Markup.Escape(Path.Combine(dir, "diagnosis.json"))}" + (png is null ? "" : $" and {Markup.Escape(png)}"));
            }
            return 0;
        });
        return command;
    }

    private static void Print(DiagnosisResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = r.Spread;
        var histogram = new Table().AddColumns("successes of " + r.SamplesPerLayout.ToString(inv), "layouts");
        foreach (var k in Enumerable.Range(0, r.SamplesPerLayout + 1))
            histogram.AddRow(k.ToString(inv), r.Outcomes.Count(o => o.Successes == k).ToString(inv));
        AnsiConsole.Write(histogram);
        AnsiConsole.MarkupLine(string.Format(inv,
            "{0}: {1}/{2} sampled rollouts succeeded ({3:P1}) on {4} layouts at T={5}",
            Markup.Escape(r.Task), s.Successes, s.Layouts * s.SamplesPerLayout, s.PooledRate, s.Layouts, r.Temperature));
        AnsiConsole.MarkupLine(string.Format(inv,
            "layouts that never succeeded: {0} (one shared rate expects {1:F1}, 95% range {2}-{3}); always succeeded: {4} (expects {5:F1}, range {6}-{7})",
            s.ZeroSuccessLayouts, s.ExpectedZero, s.ZeroLow, s.ZeroHigh, s.AllSuccessLayouts, s.ExpectedAll, s.AllLow, s.AllHigh));
        AnsiConsole.MarkupLine(s.Verdict == "noise-like"
            ? "[green]verdict: noise-like[/] (failures look like sampling noise around one rate: RL can sharpen them away)"
            : "[yellow]verdict: layout-specific[/] (some layouts fail every time: their groups give GRPO no gradient)");
        var endings = new Table().AddColumns("ending", "episodes", "share");
        var total = Math.Max(1, r.Endings.Values.Sum());
        foreach (var (kind, count) in r.Endings.OrderByDescending(kv => kv.Value))
            endings.AddRow(kind, count.ToString(inv), ((double)count / total).ToString("P0", inv));
        AnsiConsole.Write(endings);
        if (!r.Classified) AnsiConsole.MarkupLine("(failures not classified: this task or simulator records no object poses the classifier knows)");
    }
}
