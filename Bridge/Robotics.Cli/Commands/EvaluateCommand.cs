using System.CommandLine;
using System.Text.Json;
using Robotics.Experiments.Actors;
using Robotics.Experiments.Evaluation;
using Robotics.Policy;
using Robotics.Policy.Training;
using Robotics.Sim.V1;
using Spectre.Console;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Rollouts;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics evaluate</c>: closed-loop success of one checkpoint on the retention suite's held-out seeds (the razor's),
/// greedy or sampled, with Wilson intervals; episodes the policy blew up count as failures and are reported.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var policyPath = new Option<string>("--policy") { Description = "Checkpoint folder", Required = true };
        var newTask = new Option<string>("--task") { Description = "The new task (seeds from 1,000,000)", DefaultValueFactory = _ => "pick_can" };
        var episodes = new Option<int>("--episodes") { Description = "Seeded episodes of the new task", DefaultValueFactory = _ => 200 };
        var priorTasks = new Option<string>("--prior-tasks") { Description = "Comma-separated prior tasks (seeds from 2,000,000); empty for none", DefaultValueFactory = _ => "open_drawer,close_drawer,put_on_towel" };
        var priorEpisodes = new Option<int>("--prior-episodes") { Description = "Seeded episodes per prior task", DefaultValueFactory = _ => 100 };
        var temperature = new Option<float?>("--temperature") { Description = "Sample at this temperature (seeded) instead of greedy decoding" };
        var seed = new Option<long>("--seed") { Description = "Sampling seed (with --temperature)", DefaultValueFactory = _ => 1 };
        var decoding = new Option<string>("--decoding")
        {
            Description = "Without --temperature: argmax (each token's most likely bin, as OpenVLA is evaluated) or median (the bin where the token's cumulative probability reaches one half)",
            DefaultValueFactory = _ => "argmax",
        };
        decoding.AcceptOnlyFromAmong("argmax", "median");
        var sampleTokens = new Option<string?>("--sample-tokens")
        {
            Description = "With --temperature: which action tokens are sampled, comma-separated from translation, rotation, gripper; the others are decoded greedily (default: all sampled)",
        };
        var scoring = new Option<string>("--scoring")
        {
            Description = "once: an episode ends at its first success (ManiSkill's and the paper's way); at-end: it runs to its step limit and its last step is scored (SimplerEnv's way)",
            DefaultValueFactory = _ => "once",
        };
        scoring.AcceptOnlyFromAmong("once", "at-end");
        var output = new Option<string?>("--out") { Description = "Write the scores as JSON to this file" };
        var sim = new SimulatorArguments();
        var numEnvs = ExperimentOptions.NumEnvs(32);
        var command = new Command("evaluate", "Score a checkpoint's success on held-out seeds of the new task and the prior tasks (greedy unless --temperature).")
        {
            policyPath, newTask, episodes, priorTasks, priorEpisodes, temperature, seed, decoding, sampleTokens, scoring, output, sim.Url, sim.Token, numEnvs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(episodes);
            var m = parse.GetValue(priorEpisodes);
            var priors = ExperimentOptions.SplitTasks(parse.GetValue(priorTasks)!);
            if (n < 1) throw new ArgumentException($"--episodes must be positive, got {n}");
            if (priors.Length > 0 && m < 1) throw new ArgumentException($"--prior-episodes must be positive, got {m}");
            if (parse.GetValue(temperature) is { } t && !(t > 0 && float.IsFinite(t))) throw new ArgumentException($"--temperature must be a positive number, got {t}");
            var tokenKinds = parse.GetValue(sampleTokens) ?? AllTokenKinds;
            var sampled = TokenKinds(tokenKinds);
            if (parse.GetValue(temperature) is null && parse.GetValue(sampleTokens) is not null)
                throw new ArgumentException("--sample-tokens needs --temperature (greedy decoding samples no token)");
            var deterministic = parse.GetValue(decoding) == "median" ? DecodingMode.Median : DecodingMode.Greedy;
            if (parse.GetValue(temperature) is not null && deterministic != DecodingMode.Greedy)
                throw new ArgumentException("--decoding chooses a deterministic decoding; it cannot be combined with --temperature");
            CheckpointArguments.RequireFolder("--policy", parse.GetValue(policyPath)!);
            using var policy = VlaPolicy.Load(parse.GetValue(policyPath)!);
            var suite = EvaluationSuite.Retention(parse.GetValue(newTask)!, n, priors, m);
            var tasks = suite.Tasks.ToList();
            var scoredBy = parse.GetValue(scoring) == "at-end" ? SuccessScoring.SuccessAtEnd : SuccessScoring.SuccessOnce;
            await using var env = await sim.Bind(parse).OpenAsync(
                PolicyEnvOptions.For(policy.Config, parse.GetValue(numEnvs), ExperimentOptions.SpreadTasks(tasks, parse.GetValue(numEnvs))) with { Scoring = scoredBy }, ct);
            var evaluator = new PolicyEvaluator(env, new RolloutCollector(new RolloutCollectorOptions { Progress = true, Label = "evaluate" }));
            var scores = parse.GetValue(temperature) is { } temp
                ? await evaluator.EvaluateSampledAsync(policy, suite, temp, parse.GetValue(seed), ct, sampled)
                : await evaluator.EvaluateAsync(policy, suite, ct, deterministic);
            var table = new Table().AddColumns("task", "first seed", "success (95% CI)");
            foreach (var task in tasks) table.AddRow(Markup.Escape(task), suite.SeedsByTask[task][0].ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(scores[task].ToString()));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(parse.GetValue(temperature) is { } tt ? $"sampled at T={tt}, seed {parse.GetValue(seed)}, tokens sampled: {Markup.Escape(tokenKinds)} (the rest greedy)" : deterministic == DecodingMode.Median ? "median decoding (each token's median bin)" : "greedy decoding (argmax)");
            AnsiConsole.MarkupLine(Markup.Escape(SuccessScoringLabel.Describe(scoredBy)));
            if (parse.GetValue(output) is { } path)
            {
                var json = scores.ToDictionary(kv => kv.Key, kv => new
                {
                    kv.Value.Successes, kv.Value.Episodes, kv.Value.PhysicsErrors, kv.Value.Rate,
                    Wilson95 = new[] { kv.Value.Wilson95.Low, kv.Value.Wilson95.High }, FirstSeed = suite.SeedsByTask[kv.Key][0],
                });
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { Policy = parse.GetValue(policyPath), Temperature = parse.GetValue(temperature),
                    SampledTokens = parse.GetValue(temperature) is null ? null : tokenKinds,
                    Decoding = parse.GetValue(temperature) is null ? parse.GetValue(decoding) : "sample", Scoring = SuccessScoringLabel.Name(scoredBy), Scores = json },
                    new JsonSerializerOptions { WriteIndented = true }), ct);
            }
            return 0;
        });
        return command;
    }

    private const string AllTokenKinds = "translation,rotation,gripper";

    /// <summary>The 7-token mask of the kinds named: translation is tokens 0-2, rotation 3-5, gripper 6.</summary>
    internal static bool[] TokenKinds(string kinds)
    {
        var mask = new bool[ActionBins.Tokens];
        foreach (var kind in kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (first, count) = kind switch
            {
                "translation" => (0, 3),
                "rotation" => (3, 3),
                "gripper" => (6, 1),
                _ => throw new ArgumentException($"--sample-tokens: unknown token kind '{kind}'; use translation, rotation, gripper"),
            };
            Array.Fill(mask, true, first, count);
        }
        if (!mask.Any(m => m)) throw new ArgumentException("--sample-tokens names no token kind; use translation, rotation, gripper");
        return mask;
    }
}
