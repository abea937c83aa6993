using System.CommandLine;
using Robotics.Experiments.FineTuning;
using Robotics.Policy.Model;
using Robotics.Policy.Training;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics train</c>'s flags, and their one binding: each algorithm flag goes straight onto the field of the method's
/// own record (<see cref="SftOptions"/>, <see cref="GrpoOptions"/>, <see cref="PpoOptions"/>), a flag not given leaves that
/// record's default, and a flag of another method is refused rather than silently ignored.
/// </summary>
internal sealed class TrainFlags
{
    // Run
    public Argument<string> Method { get; } = new("method") { Description = "sft, grpo, ppo, kl-sft or hybrid (an SFT warm start under --kl-budget, then GRPO)" };
    public Option<string> Base { get; } = new("--base") { Description = "Base checkpoint folder", Required = true };
    public Option<string> Output { get; } = new("--out") { Description = "Run folder (checkpoints, metrics.jsonl, tensorboard/)", Required = true };
    public Option<string> Task { get; } = new("--task") { Description = "The new task", DefaultValueFactory = _ => "pick_can" };
    public Option<double?> LearningRate { get; } = new("--lr")
    {
        Description = $"Learning rate (default: {DefaultLr(FineTuneMethod.Sft)} for SFT, {DefaultLr(FineTuneMethod.Grpo)} for GRPO, {DefaultLr(FineTuneMethod.Ppo)} for PPO)",
    };
    public Option<int?> Steps { get; } = new("--steps") { Description = "Updates (SFT) or iterations (RL)" };
    public Option<int?> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Checkpoint every K steps" };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Resume from the last complete checkpoint in --out" };
    public Option<long> Seed { get; } = new("--seed") { DefaultValueFactory = _ => 1 };
    public SimulatorArguments Sim { get; } = new();
    public Option<int> NumEnvs { get; } = ExperimentOptions.NumEnvs(32);
    public Option<string> Freeze { get; } = new("--freeze")
    {
        Description = "Parts of the model left as the base's, comma-separated: vision, projector, embeddings, decoder, head (every method; default none)",
        DefaultValueFactory = _ => "",
    };

    // Supervised data
    public Option<double> Replay { get; } = new("--replay") { Description = "SFT: fraction of each batch from prior-task demos" };
    public Option<string> ReplayTasks { get; } = new("--replay-tasks") { Description = "Prior tasks whose demos --replay mixes in", DefaultValueFactory = _ => "open_drawer,close_drawer,put_on_towel" };
    public Option<int> Demos { get; } = new("--demos") { Description = "New-task demonstrations for SFT (with --demos-file: at most this many from the file)", DefaultValueFactory = _ => 150 };
    public Option<string?> DemosFile { get; } = new("--demos-file")
    {
        Description = "SFT / KL-SFT: read the new-task demonstrations from this episode dataset (its episodes of --task, e.g. from `dataset import`) instead of collecting them with the simulator's expert",
    };

    public Option<string?> DemoStyle { get; } = new("--demo-style")
    {
        Description = "SFT / KL-SFT / hybrid: collect the new-task demonstrations in this style of the simulator's expert, another demonstrator than the base's (the tabletop's pick_can offers slow_high); default: the expert the base learned from",
    };

    // KL
    public Option<double> KlCoef { get; } = new("--kl-coef") { Description = "KL-SFT's beta, or GRPO's KL penalty (default 0)" };
    public Option<double?> KlBudget { get; } = new("--kl-budget")
    {
        Description = "How far the policy may move: forward KL(base || policy) on the run's probe of new-task states, nats. sft/grpo/ppo stop at the last checkpoint under it; kl-sft steers its beta to hold the KL near it",
    };
    public Option<int?> KlEvery { get; } = new("--kl-every") { Description = "Measure forward KL on the probe every N steps and at each checkpoint (default: 25 for sft and kl-sft, 10 for kl-sft with --kl-budget, 1 for grpo, ppo and hybrid's GRPO; 5 in hybrid's warm start)" };
    public Option<int?> WarmupSteps { get; } = new("--warmup-steps") { Description = "hybrid: at most this many SFT updates (lr 3e-4) before GRPO; --kl-budget stops them earlier (default 100)" };

    // RL
    public Option<int?> Groups { get; } = new("--groups") { Description = "GRPO: initial states per iteration (default 8)" };
    public Option<int?> GroupSize { get; } = new("--group-size") { Description = "GRPO: sampled rollouts per initial state (default 8)" };
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "GRPO and PPO: passes over each iteration's rollouts, with ratio clipping (default 2)" };
    public Option<int?> Minibatch { get; } = new("--minibatch") { Description = "GRPO and PPO: steps per optimiser step (default 64 for GRPO, 256 for PPO)" };
    public Option<double?> Clip { get; } = new("--clip") { Description = "GRPO and PPO: clip range of the probability ratio (default 0.2; with --clip-high, the lower one)" };
    public Option<double?> TargetKl { get; } = new("--target-kl") { Description = "PPO: stop an iteration's epochs once the approximate KL to the acting policy exceeds this; 0: never (default 0.1)" };
    public Option<float?> Temperature { get; } = new("--temperature") { Description = "RL: sampling temperature of the rollouts (default 1)" };
    public Option<bool> DenseReward { get; } = new("--dense-reward") { Description = "PPO: add the simulator's potential-based shaping (reach, upright, grasp, lift: Phi(s') - Phi(s) each step) to the success reward" };
    public Option<int> CriticWarmup { get; } = new("--critic-warmup") { Description = "PPO: iterations at the start that train only the value head" };
    public Option<int?> Episodes { get; } = new("--episodes") { Description = "PPO: episodes per iteration (default 32)" };
    public Option<bool> ExploreRotation { get; } = new("--explore-rotation") { Description = "RL: sample the rotation tokens too (default: translation and gripper sampled, rotation greedy and out of the loss)" };
    public Option<double?> ClipHigh { get; } = new("--clip-high") { Description = "GRPO: upper clip of the probability ratio (default 0.2, as the lower; DAPO uses 0.28)" };
    public Option<bool?> DynamicSampling { get; } = new("--dynamic-sampling") { Description = "GRPO: true|false: drop groups whose rollouts all succeeded or all failed and collect fresh ones to refill, up to 3 rounds (default true)" };
    public Option<int?> LayoutPool { get; } = new("--layout-pool") { Description = "GRPO: draw initial states from a fixed pool of this many training layouts, revisited across iterations; 0: fresh every iteration (default 100)" };

    /// <summary>Each method's name on the command line.</summary>
    private static readonly (string Name, FineTuneMethod Method)[] Methods =
    [
        ("sft", FineTuneMethod.Sft), ("grpo", FineTuneMethod.Grpo), ("ppo", FineTuneMethod.Ppo), ("kl-sft", FineTuneMethod.KlSft), ("hybrid", FineTuneMethod.Hybrid),
    ];

    public TrainFlags() => Method.AcceptOnlyFromAmong([.. Methods.Select(m => m.Name)]);

    /// <summary>Adds the method argument and every flag to <paramref name="command"/>, in the order <c>--help</c> lists them.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(Method);
        Option[] options =
        [
            Base, Output, Task, LearningRate, Steps, CheckpointEvery, KlCoef, Replay, ReplayTasks, Demos, DemosFile, DemoStyle, Resume, Seed, Groups, GroupSize,
            Epochs, Minibatch, Clip, TargetKl, Temperature, DenseReward, CriticWarmup, Episodes, ExploreRotation, ClipHigh, DynamicSampling, LayoutPool,
            KlBudget, KlEvery, WarmupSteps, Freeze, Sim.Url, Sim.Token, NumEnvs,
        ];
        foreach (var option in options) command.Options.Add(option);
    }

    /// <summary>The method a name (one <see cref="Method"/> accepts) stands for.</summary>
    private static FineTuneMethod MethodOf(string name) => Methods.First(m => m.Name == name).Method;

    /// <summary>The invocation from a parsed command line, validated; throws <see cref="ArgumentException"/> naming a flag that does not apply.</summary>
    public TrainRun Bind(ParseResult parse)
    {
        var options = BindOptions(parse);
        return new TrainRun
        {
            Options = options,
            BasePath = parse.GetValue(Base)!,
            Output = parse.GetValue(Output)!,
            Resume = parse.GetValue(Resume),
            Sim = Sim.Bind(parse),
            NumEnvs = parse.GetValue(NumEnvs),
            Demos = parse.GetValue(Demos),
            DemosFile = parse.GetValue(DemosFile),
            ReplayTasks = ExperimentOptions.SplitTasks(parse.GetValue(ReplayTasks)!),
        };
    }

    private FineTuneOptions BindOptions(ParseResult parse)
    {
        var name = parse.GetValue(Method)!;
        var method = MethodOf(name);
        RefuseFlagsOfOtherMethods(parse, method, name);
        var iterations = method is FineTuneMethod.Grpo or FineTuneMethod.Ppo or FineTuneMethod.Hybrid;   // the hybrid's --steps count GRPO iterations
        var steps = parse.GetValue(Steps) ?? (iterations ? 24 : 300);
        var options = new FineTuneOptions
        {
            Method = method,
            Task = parse.GetValue(Task)!,
            CheckpointEvery = parse.GetValue(CheckpointEvery) ?? (iterations ? 6 : 100),
            KlCoef = method == FineTuneMethod.KlSft ? parse.GetValue(KlCoef) : 0,
            KlBudget = parse.GetValue(KlBudget),
            KlEvery = parse.GetValue(KlEvery),
            Frozen = ModelParts.Parse(parse.GetValue(Freeze)!),
            DemoStyle = parse.GetValue(DemoStyle),
            Sft = method switch
            {
                FineTuneMethod.Sft or FineTuneMethod.KlSft => BindSft(parse, steps, ownLearningRate: true),
                // The hybrid's warm start: its own length, SFT's default learning rate (--lr is its GRPO's).
                FineTuneMethod.Hybrid => BindSft(parse, parse.GetValue(WarmupSteps) ?? 100, ownLearningRate: false),
                _ => new SftOptions(),
            },
            Grpo = method is FineTuneMethod.Grpo or FineTuneMethod.Hybrid ? BindGrpo(parse, steps) : new GrpoOptions(),
            Ppo = method == FineTuneMethod.Ppo ? BindPpo(parse, steps) : new PpoOptions(),
        };
        options.Validate();
        return options;
    }

    private SftOptions BindSft(ParseResult parse, int updates, bool ownLearningRate)
    {
        var d = new SftOptions();
        return new SftOptions
        {
            Updates = updates,
            Seed = parse.GetValue(Seed),
            LearningRate = (ownLearningRate ? parse.GetValue(LearningRate) : null) ?? d.LearningRate,
            ReplayFraction = parse.GetValue(Replay),
        };
    }

    private GrpoOptions BindGrpo(ParseResult parse, int iterations)
    {
        var d = new GrpoOptions();
        return new GrpoOptions
        {
            Iterations = iterations,
            Seed = parse.GetValue(Seed),
            Groups = parse.GetValue(Groups) ?? d.Groups,
            GroupSize = parse.GetValue(GroupSize) ?? d.GroupSize,
            LayoutPool = parse.GetValue(LayoutPool) ?? d.LayoutPool,
            DynamicSampling = parse.GetValue(DynamicSampling) ?? d.DynamicSampling,
            Temperature = parse.GetValue(Temperature) ?? d.Temperature,
            ExploreRotation = parse.GetValue(ExploreRotation),
            Epochs = parse.GetValue(Epochs) ?? d.Epochs,
            MinibatchSize = parse.GetValue(Minibatch) ?? d.MinibatchSize,
            ClipCoef = parse.GetValue(Clip) ?? d.ClipCoef,
            ClipHigh = parse.GetValue(ClipHigh),
            KlCoef = parse.GetValue(KlCoef),
            LearningRate = parse.GetValue(LearningRate) ?? d.LearningRate,
        };
    }

    private PpoOptions BindPpo(ParseResult parse, int iterations)
    {
        var d = new PpoOptions();
        return new PpoOptions
        {
            Iterations = iterations,
            Seed = parse.GetValue(Seed),
            EpisodesPerIteration = parse.GetValue(Episodes) ?? d.EpisodesPerIteration,
            Temperature = parse.GetValue(Temperature) ?? d.Temperature,
            ExploreRotation = parse.GetValue(ExploreRotation),
            DenseReward = parse.GetValue(DenseReward),
            Epochs = parse.GetValue(Epochs) ?? d.Epochs,
            MinibatchSize = parse.GetValue(Minibatch) ?? d.MinibatchSize,
            ClipCoef = parse.GetValue(Clip) ?? d.ClipCoef,
            TargetKl = parse.GetValue(TargetKl) ?? d.TargetKl,
            CriticWarmupIterations = parse.GetValue(CriticWarmup),
            LearningRate = parse.GetValue(LearningRate) ?? d.LearningRate,
        };
    }

    /// <summary>
    /// A flag given to a method that does not read it is an error, not silently ignored (a flag that did nothing once
    /// produced a README result built on nothing). Checked in this order, so the first such flag is the one named.
    /// </summary>
    private void RefuseFlagsOfOtherMethods(ParseResult parse, FineTuneMethod method, string name)
    {
        const FineTuneMethod sft = FineTuneMethod.Sft, klSft = FineTuneMethod.KlSft, grpo = FineTuneMethod.Grpo, ppo = FineTuneMethod.Ppo, hybrid = FineTuneMethod.Hybrid;
        FineTuneMethod[] rl = [grpo, ppo, hybrid];
        // Given: written on the command line, except the two PPO switches, which count only when they switch something on.
        var readers = new (Option Flag, FineTuneMethod[] ReadBy, string? Why, bool? Given)[]
        {
            (Epochs, rl, null, null), (Minibatch, rl, null, null), (Clip, rl, null, null),
            (DenseReward, [ppo], "shapes PPO's reward; GRPO learns from the binary success only", parse.GetValue(DenseReward)),
            (TargetKl, [ppo], "stops PPO's epochs early; it does not apply to the other methods", null),
            (CriticWarmup, [ppo], "applies to PPO, the only method with a critic", parse.GetValue(CriticWarmup) > 0),
            (DemosFile, [sft, klSft, hybrid], "is for sft and kl-sft; grpo and ppo learn from their own rollouts", null),
            (Replay, [sft, hybrid], null, null), (ReplayTasks, [sft, hybrid], null, null),
            (Demos, [sft, klSft, hybrid], null, null),
            (DemoStyle, [sft, klSft, hybrid], "picks the demonstrations of sft, kl-sft and the hybrid's warm start; grpo and ppo learn from their own rollouts", null),
            (Groups, [grpo, hybrid], null, null), (GroupSize, [grpo, hybrid], null, null), (LayoutPool, [grpo, hybrid], null, null),
            (DynamicSampling, [grpo, hybrid], null, null), (ClipHigh, [grpo, hybrid], null, null),
            (Episodes, [ppo], null, null),
            (Temperature, rl, null, null), (ExploreRotation, rl, null, null),
            (WarmupSteps, [hybrid], null, null),
            (KlCoef, [klSft, grpo, hybrid], null, null),
        };
        foreach (var (flag, readBy, why, given) in readers)
        {
            if (readBy.Contains(method) || !(given ?? parse.GetResult(flag) is { Implicit: false })) continue;
            throw new ArgumentException(why is null
                ? $"{flag.Name} applies to {string.Join(", ", readBy.Select(m => Methods.First(n => n.Method == m).Name))}, not to {name}"
                : $"{flag.Name} {why}");
        }
    }

    private static string DefaultLr(FineTuneMethod method) =>
        FineTuneOptions.DefaultLearningRate(method).ToString("0e-0", System.Globalization.CultureInfo.InvariantCulture);
}
