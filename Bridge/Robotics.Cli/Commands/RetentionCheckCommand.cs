using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.Razor;
using Robotics.Experiments.Retention;
using Robotics.Policy;
using Spectre.Console;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics retention-check</c>: the CI gate. Exit 0 when every task is shown to hold, 1 when one forgot significantly
/// (or the KL is over its limit), 3 when the episodes cannot tell, 2 on a usage error.
/// </summary>
internal static class RetentionCheckCommand
{
    public static Command Create()
    {
        var basePath = new Option<string>("--base") { Description = "Base checkpoint folder", Required = true };
        var candidatePath = new Option<string>("--candidate") { Description = "Fine-tuned checkpoint folder", Required = true };
        var tasks = new Option<string>("--tasks") { Description = "Comma-separated tasks to check", DefaultValueFactory = _ => "open_drawer,close_drawer,put_on_towel" };
        var episodes = new Option<int>("--episodes") { Description = "The most seeded episodes per task (the same for both); the test stops early once every task is decided", DefaultValueFactory = _ => 100 };
        var batch = new Option<int?>("--batch") { Description = "Episodes per task between two looks at the counts (default 20, or --episodes when fewer; equal to --episodes: one fixed-size test)" };
        var minRetention = new Option<double>("--min-retention") { Description = "Smallest candidate/base success ratio allowed per task", DefaultValueFactory = _ => 0.9 };
        var confidence = new Option<double>("--confidence") { Description = "1 - the largest chance of a wrong pass or a wrong fail, over all tasks and looks", DefaultValueFactory = _ => 0.95 };
        var maxKl = new Option<double?>("--max-kl") { Description = "Largest forward KL(base || candidate) allowed on the tasks' states (nats)" };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON" };
        var forecast = new Option<string?>("--forecast")
        {
            Description = "A razor's forgetting-law.json: instead of scoring episodes, predict the candidate's forgetting from its forward KL alone, measured on a probe rebuilt as the razor built its own (its episodes, states and env count; --num-envs is not used); exit 0 when the law covers the candidate, 3 when it would extrapolate",
        };
        var method = new Option<string?>("--method") { Description = "With --forecast: the candidate's fine-tuning method (sft, kl-sft, kl-sft-budget, grpo, ppo, sft-replay), checked against those the law was fitted on" };
        var sim = new SimulatorArguments();
        var numEnvs = ExperimentOptions.NumEnvs(16);
        var command = new Command("retention-check",
            "Score a fine-tuned checkpoint against its base on held-out tasks (for CI): exit 0 when it is shown to keep its skills, 1 when it forgot, 3 when the episodes cannot tell.")
        {
            basePath, candidatePath, tasks, episodes, batch, minRetention, confidence, maxKl, json, forecast, method, sim.Url, sim.Token, numEnvs,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(forecast) is { } lawPath)
                return await ForecastAsync(ForecastLaw.Load(lawPath), parse.GetValue(basePath)!, parse.GetValue(candidatePath)!, parse.GetValue(method),
                    parse.GetValue(confidence), parse.GetValue(json), sim.Bind(parse), parse.GetValue(numEnvs), ct);
            var options = new RetentionGateOptions
            {
                Tasks = ExperimentOptions.SplitTasks(parse.GetValue(tasks)!),
                Episodes = parse.GetValue(episodes),
                Batch = parse.GetValue(batch),
                MinRetention = parse.GetValue(minRetention),
                Confidence = parse.GetValue(confidence),
                MaxKl = parse.GetValue(maxKl),
            };
            options.Validate();
            CheckpointArguments.RequireFolder("--base", parse.GetValue(basePath)!);
            CheckpointArguments.RequireFolder("--candidate", parse.GetValue(candidatePath)!);
            using var basePolicy = VlaPolicy.Load(parse.GetValue(basePath)!);
            using var candidate = VlaPolicy.Load(parse.GetValue(candidatePath)!);
            await using var env = await sim.Bind(parse).OpenAsync(
                PolicyEnvOptions.For(basePolicy.Config, parse.GetValue(numEnvs), ExperimentOptions.SpreadTasks(options.Tasks, parse.GetValue(numEnvs))), ct);
            var verdict = await new RetentionGate(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false })).CheckAsync(basePolicy, candidate, options, ct);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(verdict, new JsonSerializerOptions { WriteIndented = true }));
            else Print(verdict);
            return ExitCode(verdict.Outcome);
        });
        return command;
    }

    /// <summary>Measures forward KL(base || candidate) on the law's new-task states, built as the razor built its probe, and predicts forgetting from it.</summary>
    private static async Task<int> ForecastAsync(ForecastLaw law, string basePath, string candidatePath, string? method, double confidence, bool json,
        SimulatorConnection sim, int numEnvs, CancellationToken ct)
    {
        if (law.KlProbeEpisodes < 1 || law.KlProbeMaxStates < 1)
            throw new ArgumentException("--forecast: the law file does not say how its KL probe was built (written by an older razor); rerun the razor's report");
        CheckpointArguments.RequireFolder("--base", basePath);
        CheckpointArguments.RequireFolder("--candidate", candidatePath);
        using var basePolicy = VlaPolicy.Load(basePath);
        using var candidate = VlaPolicy.Load(candidatePath);
        // The probe's sampled rollouts depend on which episodes share a batch: rebuild it in as many envs as the razor had.
        await using var env = await sim.OpenAsync(PolicyEnvOptions.For(basePolicy.Config, law.KlProbeNumEnvs > 0 ? law.KlProbeNumEnvs : numEnvs, [law.NewTask]), ct);
        var requests = Enumerable.Range(0, law.KlProbeEpisodes).Select(i => new EpisodeRequest(law.NewTask, 4_000_000UL + (ulong)i)).ToList();
        using var probe = await KlProbeFactory.FromBaseRolloutsAsync(env, new RolloutCollector(new RolloutCollectorOptions { Progress = false }), basePolicy,
            requests, law.KlProbeMaxStates, seed: 4_000_000, ct);
        var result = law.Predict(probe.Measure(candidate).ForwardKl, method, confidence);
        if (json) Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            var inv = CultureInfo.InvariantCulture;
            AnsiConsole.MarkupLine(Markup.Escape(string.Format(inv, "forward KL(base || candidate) on {0} '{1}' states: {2:F3} nats", probe.States, law.NewTask, result.ForwardKl)));
            AnsiConsole.MarkupLine(Markup.Escape(string.Format(inv, "forecast forgetting (prior-task success lost): {0:+0.0;-0.0} pts, {1:P0} prediction interval [{2:+0.0;-0.0}, {3:+0.0;-0.0}] pts",
                100 * result.Forgetting, result.Confidence, 100 * result.Low, 100 * result.High)));
            foreach (var problem in result.Problems) AnsiConsole.MarkupLine($"[yellow]not trusted:[/] {Markup.Escape(problem)}");
            if (result.Trusted) AnsiConsole.MarkupLine("[green]within the law: fitted range and method[/]");
        }
        return result.Trusted ? ExitCodes.Success : ExitCodes.Inconclusive;
    }

    private static int ExitCode(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Pass => ExitCodes.Success,
        GateOutcome.Fail => ExitCodes.Failure,
        _ => ExitCodes.Inconclusive,
    };

    private static void Print(RetentionVerdict verdict)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("task", "base", "candidate", "retention", $"margin vs {verdict.MinRetention:P0} (bounds)", "verdict");
        foreach (var t in verdict.Tasks)
        {
            var margin = string.Format(inv, "{0:+0.0;-0.0} pts [{1:+0.0;-0.0}, {2:+0.0;-0.0}]",
                100 * (t.Candidate.Rate - verdict.MinRetention * t.Base.Rate), 100 * t.MarginLow, 100 * t.MarginHigh);
            table.AddRow(Markup.Escape(t.Task), Markup.Escape(t.Base.ToString()), Markup.Escape(t.Candidate.ToString()),
                Markup.Escape(t.Retention.ToString("P0", inv)), Markup.Escape(margin), Describe(t));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Format(inv, "{0} episodes per task in {1} look(s) (at most {2}); each wrong verdict at most {3:P0} likely",
            verdict.EpisodesRun, verdict.Looks, verdict.MaxEpisodes, 1 - verdict.Confidence));
        if (verdict.ForwardKl is { } kl)
            AnsiConsole.MarkupLine(string.Format(inv, "forward KL(base || candidate) = {0:F3} nats (limit {1:F3}): {2}", kl, verdict.MaxKl, kl <= verdict.MaxKl ? "[green]ok[/]" : "[red]too far[/]"));
        AnsiConsole.MarkupLine(verdict.Outcome switch
        {
            GateOutcome.Pass => "[green]PASS: the candidate is shown to keep its prior skills[/]",
            GateOutcome.Fail => "[red]FAIL: the candidate forgot[/]",
            _ => "[yellow]INCONCLUSIVE: the episodes cannot tell (exit 3); rerun with the --episodes the table names[/]",
        });
    }

    private static string Describe(TaskRetention t) => t.Verdict switch
    {
        TaskVerdict.Holds => "[green]holds[/]",
        TaskVerdict.Forgot => "[red]forgot[/]",
        TaskVerdict.NothingToForget => "[grey]base never succeeds: nothing to forget[/]",
        _ => t.EpisodesToDecide is { } n
            ? $"[yellow]inconclusive[/] (--episodes {n} would decide at these rates)"
            : "[yellow]inconclusive[/] (the rates sit on the threshold: no number of episodes would decide)",
    };
}
