using System.Globalization;
using Robotics.Policy.Model;
using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>
/// One fine-tuning run of the base policy on the new task: what the run itself needs (task, checkpoints, the forgetting
/// monitor), and the algorithm's own record, which the command line binds directly. Each algorithm field lives in its
/// record (its length, seed, learning rate and their defaults and checks included); the run reads them from there.
/// </summary>
public sealed record FineTuneOptions
{
    // Run
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Sft;
    /// <summary>The new task.</summary>
    public string Task { get; init; } = "pick_can";
    /// <summary>Write a checkpoint (and let the caller evaluate it) every this many steps.</summary>
    public int CheckpointEvery { get; init; } = 100;
    /// <summary>KL-SFT's beta (its start when <see cref="KlBudget"/> steers it); GRPO's KL penalty is <see cref="GrpoOptions.KlCoef"/>.</summary>
    public double KlCoef { get; init; }
    /// <summary>
    /// Parts of the model the run leaves as the base's (every method, both phases of the hybrid). Freezing the decoder kept
    /// GRPO's prior tasks where the full model lost them (README, "RL that learns pick_can"). Empty: everything trains.
    /// </summary>
    public IReadOnlyList<ModelPart> Frozen { get; init; } = [];
    /// <summary>
    /// The style of the simulator's expert the new task's demonstrations come from (SFT, KL-SFT, the hybrid's warm start;
    /// e.g. the tabletop's "slow_high"): another demonstrator than the one that taught the base, as real fine-tuning data
    /// is. Null: the default expert, the base's own demonstrator. Run names and the report's method say it.
    /// </summary>
    public string? DemoStyle { get; init; }

    // Forgetting monitor
    /// <summary>Measure forward KL(base || policy) on the run's probe every this many steps (and at every checkpoint); null: 25 updates for SFT and KL-SFT (10 for budgeted KL-SFT, whose beta moves only when KL is measured), every iteration for GRPO, PPO and the hybrid's GRPO.</summary>
    public int? KlEvery { get; init; }
    /// <summary>The probe: states from this many of the base's sampled rollouts of the new task, thinned to at most <see cref="KlProbeStates"/>.</summary>
    public int KlProbeEpisodes { get; init; } = 8;
    public int KlProbeStates { get; init; } = 256;
    /// <summary>
    /// How far (forward KL on the probe, nats) the policy may move from the base. SFT, GRPO and PPO stop once a measurement
    /// exceeds it, their last checkpoint the last one under it; KL-SFT instead steers its beta to hold the KL near it
    /// (PPO's adaptive KL penalty), starting from <see cref="KlCoef"/> (1 when 0). Null: no budget.
    /// </summary>
    public double? KlBudget { get; init; }
    /// <summary>Hybrid: the warm start's checkpoint interval (its updates and learning rate are <see cref="Sft"/>'s).</summary>
    public int WarmupCheckpointEvery { get; init; } = 5;

    // The algorithm
    /// <summary>SFT's and KL-SFT's record, and the hybrid's warm start (at most <see cref="SftOptions.Updates"/>: the KL budget may stop it earlier).</summary>
    public SftOptions Sft { get; init; } = new();
    /// <summary>GRPO's record, and the hybrid's second phase.</summary>
    public GrpoOptions Grpo { get; init; } = new();
    /// <summary>PPO's record.</summary>
    public PpoOptions Ppo { get; init; } = new();

    // Derived
    /// <summary>The learning rate a run gets when none is given: the method's record's default (the hybrid's is its GRPO's).</summary>
    public static double DefaultLearningRate(FineTuneMethod method) => method switch
    {
        FineTuneMethod.Grpo or FineTuneMethod.Hybrid => new GrpoOptions().LearningRate,
        FineTuneMethod.Ppo => new PpoOptions().LearningRate,
        _ => new SftOptions().LearningRate,
    };

    private bool UsesGrpo => Method is FineTuneMethod.Grpo or FineTuneMethod.Hybrid;
    /// <summary>Gradient updates for SFT and KL-SFT; iterations (collect + update) for GRPO, PPO and the hybrid's GRPO.</summary>
    public int Steps => UsesGrpo ? Grpo.Iterations : Method == FineTuneMethod.Ppo ? Ppo.Iterations : Sft.Updates;
    /// <summary>The run's seed, its algorithm's (the hybrid's GRPO's).</summary>
    public long Seed => UsesGrpo ? Grpo.Seed : Method == FineTuneMethod.Ppo ? Ppo.Seed : Sft.Seed;
    /// <summary>The run's learning rate, its algorithm's (the hybrid's GRPO's).</summary>
    public double LearningRate => UsesGrpo ? Grpo.LearningRate : Method == FineTuneMethod.Ppo ? Ppo.LearningRate : Sft.LearningRate;
    /// <summary>The weight of the run's KL term as the report shows it: KL-SFT's beta (its start), or GRPO's penalty.</summary>
    public double KlWeight => UsesGrpo ? Grpo.KlCoef : KlCoef;
    /// <summary>Experience replay's share of each batch; only SFT replays.</summary>
    public double ReplayFraction => Method == FineTuneMethod.Sft ? Sft.ReplayFraction : 0;

    /// <summary>Whether the run writes a checkpoint after <paramref name="step"/>: every <see cref="CheckpointEvery"/> steps, and at the end.</summary>
    public bool IsCheckpointStep(int step) => step % CheckpointEvery == 0 || step == Steps;

    /// <summary>The monitor's interval, <see cref="KlEvery"/> or the method's default.</summary>
    public int KlProbeInterval => KlEvery ?? (Method is FineTuneMethod.Grpo or FineTuneMethod.Ppo or FineTuneMethod.Hybrid ? 1 : AdaptsKlCoef ? 10 : 25);
    /// <summary>KL-SFT with a budget steers beta; the other methods with a budget stop (the hybrid's warm start only).</summary>
    public bool AdaptsKlCoef => Method == FineTuneMethod.KlSft && KlBudget is not null;
    public bool StopsAtKlBudget => KlBudget is not null && !AdaptsKlCoef && Method != FineTuneMethod.Hybrid;
    /// <summary>KL-SFT's beta at the start: <see cref="KlCoef"/>, or 1 for a budgeted run that gave none.</summary>
    public double InitialKlCoef => AdaptsKlCoef && KlCoef <= 0 ? 1 : KlCoef;

    /// <summary>The hybrid's first phase: SFT on the demos under the KL budget (measured every <see cref="KlEvery"/>, default 5 updates).</summary>
    public FineTuneOptions WarmupPhase => this with { Method = FineTuneMethod.Sft, CheckpointEvery = WarmupCheckpointEvery, KlEvery = KlEvery ?? 5 };

    /// <summary>The hybrid's second phase: GRPO from the warm start, no budget (it was the warm start's).</summary>
    public FineTuneOptions GrpoPhase => this with { Method = FineTuneMethod.Grpo, KlBudget = null };

    /// <summary>What the run is without its seed (method, beta or replay, budget, frozen parts, learning rate): run seeds of one configuration share it.</summary>
    public string Configuration
    {
        get
        {
            var lr = LearningRate.ToString("0e+0", CultureInfo.InvariantCulture).Replace("+", "", StringComparison.Ordinal);
            var suffix = Method switch
            {
                FineTuneMethod.KlSft when AdaptsKlCoef => "",
                FineTuneMethod.KlSft => $"-beta{KlCoef.ToString(CultureInfo.InvariantCulture)}",
                FineTuneMethod.Sft when ReplayFraction > 0 => ReplayFraction.ToString(CultureInfo.InvariantCulture),
                // GRPO's penalty towards the base changes what it learns and keeps, so runs with and without it are told apart.
                _ when UsesGrpo && Grpo.KlCoef > 0 => $"-klcoef{Grpo.KlCoef.ToString(CultureInfo.InvariantCulture)}",
                _ => "",
            };
            var budget = KlBudget is { } k ? $"-kl{k.ToString(CultureInfo.InvariantCulture)}" : "";
            var frozen = Frozen.Count > 0 ? "-frozen-" + string.Join("-", Frozen.Select(ModelParts.Name)) : "";
            return $"{MethodLabel}{suffix}{budget}{frozen}-lr{lr}";
        }
    }

    /// <summary>A name that says what the run is, used for its folder and in the report: its <see cref="Configuration"/> and seed.</summary>
    public string Name => $"{Configuration}-s{Seed}";

    /// <summary>The same run with another seed, set on every algorithm record the run reads (the hybrid: both phases).</summary>
    public FineTuneOptions WithSeed(long seed) => this with
    {
        Sft = Sft with { Seed = seed },
        Grpo = Grpo with { Seed = seed },
        Ppo = Ppo with { Seed = seed },
    };

    /// <summary>The method as the report groups it (SFT with replay is its own method there, and so is a run on another
    /// demonstrator's data: "sft@slow_high").</summary>
    public string MethodLabel => DemoStyle is { } style ? $"{BaseMethodLabel}@{style}" : BaseMethodLabel;

    private string BaseMethodLabel => Method switch
    {
        FineTuneMethod.Sft when ReplayFraction > 0 => "sft-replay",
        FineTuneMethod.Sft => "sft",
        FineTuneMethod.KlSft when AdaptsKlCoef => "kl-sft-budget",
        FineTuneMethod.KlSft => "kl-sft",
        FineTuneMethod.Grpo => "grpo",
        FineTuneMethod.Ppo => "ppo",
        FineTuneMethod.Hybrid => "hybrid",
        _ => Method.ToString().ToLowerInvariant(),
    };

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"Steps must be positive, got {Steps}");
        if (CheckpointEvery < 1) throw new ArgumentException($"CheckpointEvery must be positive, got {CheckpointEvery}");
        if (Method == FineTuneMethod.KlSft && KlCoef <= 0 && KlBudget is null) throw new ArgumentException("kl-sft needs --kl-coef > 0 (with 0 it is plain sft) or a --kl-budget");
        if (KlCoef < 0) throw new ArgumentException($"--kl-coef must be >= 0, got {KlCoef}");
        if (KlEvery is < 1) throw new ArgumentException($"--kl-every must be positive, got {KlEvery}");
        if (KlProbeEpisodes < 1) throw new ArgumentException($"KlProbeEpisodes must be positive, got {KlProbeEpisodes}");
        if (KlProbeStates < 1) throw new ArgumentException($"KlProbeStates must be positive, got {KlProbeStates}");
        if (Method == FineTuneMethod.Hybrid && (Sft.Updates < 1 || WarmupCheckpointEvery < 1 || Sft.LearningRate <= 0 || !double.IsFinite(Sft.LearningRate)))
            throw new ArgumentException($"the hybrid's warm start needs positive steps, checkpoint interval and learning rate, got {Sft.Updates}, {WarmupCheckpointEvery}, {Sft.LearningRate}");
        if (Method == FineTuneMethod.Hybrid && Sft.ReplayFraction > 0) throw new ArgumentException("the hybrid's warm start is plain SFT: --replay does not apply to it");
        if (Method == FineTuneMethod.KlSft && Sft.ReplayFraction > 0) throw new ArgumentException("--replay mixes prior-task demos into sft's batches; kl-sft anchors to the base instead and does not replay");
        if (Frozen.Count == Enum.GetValues<ModelPart>().Length) throw new ArgumentException("every part of the model is frozen: nothing would train");
        if (Frozen.Distinct().Count() != Frozen.Count) throw new ArgumentException($"a model part is frozen twice: {string.Join(", ", Frozen.Select(ModelParts.Name))}");
        if (DemoStyle is not null && Method is not (FineTuneMethod.Sft or FineTuneMethod.KlSft or FineTuneMethod.Hybrid))
            throw new ArgumentException($"--demo-style picks the demonstrations of sft, kl-sft and the hybrid's warm start; {BaseMethodLabel} learns from its own rollouts");
        if (DemoStyle is { Length: 0 }) throw new ArgumentException("--demo-style needs a style name (or leave it out for the default expert)");
        if (KlBudget is { } budget && (budget <= 0 || !double.IsFinite(budget))) throw new ArgumentException($"--kl-budget must be a positive number of nats, got {budget}");
        // Every record is checked, the method's own and the others, as a run's options always were.
        Sft.Validate();
        Grpo.Validate();
        Ppo.Validate();
    }
}
