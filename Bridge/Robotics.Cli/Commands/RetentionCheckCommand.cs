using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Retention;
using Robotics.Policy;
using Spectre.Console;

namespace Robotics.Cli.Commands;

/// <summary><c>robotics retention-check</c>: the CI gate. Exit 0 when every task holds, 1 when one falls short, 2 on a usage error.</summary>
internal static class RetentionCheckCommand
{
    public static Command Create()
    {
        var basePath = new Option<string>("--base") { Description = "Base checkpoint folder", Required = true };
        var candidatePath = new Option<string>("--candidate") { Description = "Fine-tuned checkpoint folder", Required = true };
        var tasks = new Option<string>("--tasks") { Description = "Comma-separated tasks to check", DefaultValueFactory = _ => "open_drawer,close_drawer,put_on_towel" };
        var episodes = new Option<int>("--episodes") { Description = "Seeded episodes per task (the same for both)", DefaultValueFactory = _ => 30 };
        var minRetention = new Option<double>("--min-retention") { Description = "Smallest candidate/base success ratio allowed per task", DefaultValueFactory = _ => 0.9 };
        var maxKl = new Option<double?>("--max-kl") { Description = "Largest forward KL(base || candidate) allowed on the tasks' states (nats)" };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON" };
        var sim = ExperimentOptions.Sim();
        var numEnvs = ExperimentOptions.NumEnvs(16);
        var command = new Command("retention-check", "Score a fine-tuned checkpoint against its base on held-out tasks; exit 1 if it forgot too much (for CI).")
        {
            basePath, candidatePath, tasks, episodes, minRetention, maxKl, json, sim, numEnvs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new RetentionGateOptions
            {
                Tasks = ExperimentOptions.SplitTasks(parse.GetValue(tasks)!),
                Episodes = parse.GetValue(episodes),
                MinRetention = parse.GetValue(minRetention),
                MaxKl = parse.GetValue(maxKl),
            };
            options.Validate();
            CheckpointArguments.RequireFolder("--base", parse.GetValue(basePath)!);
            CheckpointArguments.RequireFolder("--candidate", parse.GetValue(candidatePath)!);
            using var basePolicy = VlaPolicy.Load(parse.GetValue(basePath)!);
            using var candidate = VlaPolicy.Load(parse.GetValue(candidatePath)!);
            await using var env = await VectorEnvFactory.CreateAsync(parse.GetValue(sim),
                PolicyEnvOptions.For(basePolicy.Config, parse.GetValue(numEnvs), ExperimentOptions.SpreadTasks(options.Tasks, parse.GetValue(numEnvs))), ct);
            var verdict = await new RetentionGate(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false })).CheckAsync(basePolicy, candidate, options, ct);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(verdict, new JsonSerializerOptions { WriteIndented = true }));
            else Print(verdict, options);
            return verdict.Passed ? 0 : 1;
        });
        return command;
    }

    private static void Print(RetentionVerdict verdict, RetentionGateOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("task", "base", "candidate", "retention", $"holds (>= {options.MinRetention:P0})");
        foreach (var t in verdict.Tasks)
            table.AddRow(Markup.Escape(t.Task), Markup.Escape(t.Base.ToString()), Markup.Escape(t.Candidate.ToString()), Markup.Escape(t.Retention.ToString("P0", inv)), t.Passed ? "[green]yes[/]" : "[red]no[/]");
        AnsiConsole.Write(table);
        if (verdict.ForwardKl is { } kl)
            AnsiConsole.MarkupLine(string.Format(inv, "forward KL(base || candidate) = {0:F3} nats (limit {1:F3}): {2}", kl, verdict.MaxKl, kl <= verdict.MaxKl ? "[green]ok[/]" : "[red]too far[/]"));
        AnsiConsole.MarkupLine(verdict.Passed ? "[green]PASS: the candidate kept its prior skills[/]" : "[red]FAIL: the candidate forgot[/]");
    }
}
