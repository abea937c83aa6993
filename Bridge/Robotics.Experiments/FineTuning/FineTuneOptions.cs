using System.Globalization;
using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>One fine-tuning run of the base policy on the new task.</summary>
public sealed record FineTuneOptions
{
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Sft;
    public string Task { get; init; } = "pick_can";
    public double LearningRate { get; init; } = DefaultLearningRate(FineTuneMethod.Sft);

    /// <summary>The learning rate a run gets when none is given: the method's own default (the hybrid's is its GRPO's).</summary>
    public static double DefaultLearningRate(FineTuneMethod method) => method switch
    {
        FineTuneMethod.Grpo or FineTuneMethod.Hybrid => new GrpoOptions().LearningRate,
        FineTuneMethod.Ppo => new PpoOptions().LearningRate,
        _ => new SftOptions().Optimizer.LearningRate,
    };

    /// <summary>Gradient updates for SFT and KL-SFT; iterations (collect + update) for GRPO and PPO.</summary>
    public int Steps { get; init; } = 300;
    /// <summary>Write a checkpoint (and let the caller evaluate it) every this many steps.</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Whether the run writes a checkpoint after <paramref name="step"/>: every <see cref="CheckpointEvery"/> steps, and at the end.</summary>
    public bool IsCheckpointStep(int step) => step % CheckpointEvery == 0 || step == Steps;
    /// <summary>SFT and KL-SFT: the batch of each update; GRPO: the minibatch of each optimiser step over an iteration's rollouts.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>KL-SFT's beta; for GRPO, the optional KL penalty to the base.</summary>
    public double KlCoef { get; init; }
    /// <summary>SFT with experience replay: fraction of each batch from prior-task demonstrations.</summary>
    public double ReplayFraction { get; init; }
    /// <summary>GRPO: initial states per iteration and rollouts per state.</summary>
    public int Groups { get; init; } = 8;
    public int GroupSize { get; init; } = 8;
    /// <summary>GRPO and PPO: passes over each iteration's rollouts (the ratio clipping bounds how far they move the policy).</summary>
    public int Epochs { get; init; } = 2;
    /// <summary>GRPO and PPO: steps per optimiser step; null = <see cref="BatchSize"/> for GRPO, <see cref="PpoOptions.MinibatchSize"/>'s 256 for PPO.</summary>
    public int? Minibatch { get; init; }
    /// <summary>GRPO and PPO: clip range of the probability ratio (the lower one when <see cref="ClipHigh"/> is set).</summary>
    public double ClipCoef { get; init; } = 0.2;
    /// <summary>PPO: stop an iteration's epochs once the approximate KL to the acting policy exceeds this (0 = never); null = <see cref="PpoOptions.TargetKl"/>'s 0.1.</summary>
    public double? TargetKl { get; init; }
    /// <summary>PPO: episodes per iteration.</summary>
    public int PpoEpisodes { get; init; } = 32;
    /// <summary>PPO: add the simulator's potential-based shaping term (reach, upright, grasp, lift) to the success reward.</summary>
    public bool DenseReward { get; init; }
    /// <summary>PPO: first iterations train only the critic.</summary>
    public int CriticWarmup { get; init; }
    public float Temperature { get; init; } = 1f;
    /// <summary>RL: whether rollouts also sample the 3 rotation tokens; off, they are decoded greedily and left out of the loss.</summary>
    public bool ExploreRotation { get; init; }

    /// <summary>The action tokens RL rollouts sample (the rest are decoded greedily and left out of the loss), from <see cref="ExploreRotation"/>.</summary>
    public IReadOnlyList<bool> SampledTokens => ExploreRotation ? ActionBins.All : ActionBins.TranslationAndGripper;
    /// <summary>GRPO: the ratio's upper clip (1 + ClipHigh); null = the lower clip's 0.2.</summary>
    public double? ClipHigh { get; init; }
    /// <summary>
    /// GRPO: keep only groups with both successes and failures, collecting fresh groups (up to <see cref="GrpoOptions.MaxSamplingRounds"/>
    /// rounds) to refill. On by default: with it and <see cref="LayoutPool"/> GRPO took pick_can from 53% to 70% greedy
    /// (README, "RL that learns pick_can"); without either it did not move reliably.
    /// </summary>
    public bool DynamicSampling { get; init; } = true;
    /// <summary>GRPO: draw each iteration's initial states from a fixed pool of this many training layouts (0 = fresh seeds every iteration), so a layout is revisited and its gains kept.</summary>
    public int LayoutPool { get; init; } = 100;
    public long Seed { get; init; } = 1;

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

    /// <summary>Hybrid: SFT updates of the warm start (at most: the KL budget may stop it earlier), its learning rate and checkpoint interval.</summary>
    public int WarmupSteps { get; init; } = 100;
    public double WarmupLearningRate { get; init; } = DefaultLearningRate(FineTuneMethod.Sft);
    public int WarmupCheckpointEvery { get; init; } = 5;

    /// <summary>The monitor's interval, <see cref="KlEvery"/> or the method's default.</summary>
    public int KlProbeInterval => KlEvery ?? (Method is FineTuneMethod.Grpo or FineTuneMethod.Ppo or FineTuneMethod.Hybrid ? 1 : AdaptsKlCoef ? 10 : 25);
    /// <summary>KL-SFT with a budget steers beta; the other methods with a budget stop (the hybrid's warm start only).</summary>
    public bool AdaptsKlCoef => Method == FineTuneMethod.KlSft && KlBudget is not null;
    public bool StopsAtKlBudget => KlBudget is not null && !AdaptsKlCoef && Method != FineTuneMethod.Hybrid;

    /// <summary>The hybrid's first phase: SFT on the demos under the KL budget (measured every <see cref="KlEvery"/>, default 5 updates).</summary>
    public FineTuneOptions WarmupPhase => this with
    {
        Method = FineTuneMethod.Sft, Steps = WarmupSteps, LearningRate = WarmupLearningRate, CheckpointEvery = WarmupCheckpointEvery,
        KlEvery = KlEvery ?? 5, ReplayFraction = 0,
    };

    /// <summary>The hybrid's second phase: GRPO from the warm start, no budget (it was the warm start's).</summary>
    public FineTuneOptions GrpoPhase => this with { Method = FineTuneMethod.Grpo, KlBudget = null };
    /// <summary>KL-SFT's beta at the start: <see cref="KlCoef"/>, or 1 for a budgeted run that gave none.</summary>
    public double InitialKlCoef => AdaptsKlCoef && KlCoef <= 0 ? 1 : KlCoef;

    /// <summary>SFT's and KL-SFT's record for this run.</summary>
    public SftOptions Sft => new()
    {
        BatchSize = BatchSize,
        Updates = Steps,
        Seed = Seed,
        ReplayFraction = ReplayFraction,
        KlCoef = InitialKlCoef,
        Optimizer = new OptimizerOptions { LearningRate = LearningRate, WarmupUpdates = 10 },
    };

    /// <summary>GRPO's record for this run.</summary>
    public GrpoOptions Grpo => new()
    {
        Iterations = Steps,
        Seed = Seed,
        Groups = Groups,
        GroupSize = GroupSize,
        LayoutPool = LayoutPool,
        DynamicSampling = DynamicSampling,
        Temperature = Temperature,
        SampledTokens = SampledTokens,
        Epochs = Epochs,
        MinibatchSize = Minibatch ?? BatchSize,
        ClipCoef = ClipCoef,
        ClipHigh = ClipHigh,
        KlCoef = KlCoef,
        LearningRate = LearningRate,
    };

    /// <summary>PPO's record for this run.</summary>
    public PpoOptions Ppo => new()
    {
        Iterations = Steps,
        Seed = Seed,
        EpisodesPerIteration = PpoEpisodes,
        Temperature = Temperature,
        SampledTokens = SampledTokens,
        DenseReward = DenseReward,
        CriticWarmupIterations = CriticWarmup,
        Epochs = Epochs,
        MinibatchSize = Minibatch ?? new PpoOptions().MinibatchSize,
        ClipCoef = ClipCoef,
        TargetKl = TargetKl ?? new PpoOptions().TargetKl,
        LearningRate = LearningRate,
    };

    /// <summary>A name that says what the run is, used for its folder and in the report.</summary>
    public string Name
    {
        get
        {
            var lr = LearningRate.ToString("0e+0", CultureInfo.InvariantCulture).Replace("+", "", StringComparison.Ordinal);
            var suffix = Method switch
            {
                FineTuneMethod.KlSft when AdaptsKlCoef => "",
                FineTuneMethod.KlSft => $"-beta{KlCoef.ToString(CultureInfo.InvariantCulture)}",
                FineTuneMethod.Sft when ReplayFraction > 0 => ReplayFraction.ToString(CultureInfo.InvariantCulture),
                _ => "",
            };
            var budget = KlBudget is { } k ? $"-kl{k.ToString(CultureInfo.InvariantCulture)}" : "";
            return $"{MethodLabel}{suffix}{budget}-lr{lr}-s{Seed}";
        }
    }

    /// <summary>The method as the report groups it (SFT with replay is its own method there).</summary>
    public string MethodLabel => Method switch
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
        OptimizerOptions.ValidateLearningRate(LearningRate);
        if (DenseReward && Method != FineTuneMethod.Ppo) throw new ArgumentException("--dense-reward shapes PPO's reward; GRPO learns from the binary success only");
        if (TargetKl is not null && Method != FineTuneMethod.Ppo) throw new ArgumentException("--target-kl stops PPO's epochs early; it does not apply to the other methods");
        if (CriticWarmup > 0 && Method != FineTuneMethod.Ppo) throw new ArgumentException("--critic-warmup applies to PPO, the only method with a critic");
        if (Method == FineTuneMethod.KlSft && KlCoef <= 0 && KlBudget is null) throw new ArgumentException("kl-sft needs --kl-coef > 0 (with 0 it is plain sft) or a --kl-budget");
        if (KlCoef < 0) throw new ArgumentException($"--kl-coef must be >= 0, got {KlCoef}");
        if (KlEvery is < 1) throw new ArgumentException($"--kl-every must be positive, got {KlEvery}");
        if (KlProbeEpisodes < 1) throw new ArgumentException($"KlProbeEpisodes must be positive, got {KlProbeEpisodes}");
        if (KlProbeStates < 1) throw new ArgumentException($"KlProbeStates must be positive, got {KlProbeStates}");
        if (Method == FineTuneMethod.Hybrid && (WarmupSteps < 1 || WarmupCheckpointEvery < 1 || WarmupLearningRate <= 0 || !double.IsFinite(WarmupLearningRate)))
            throw new ArgumentException($"the hybrid's warm start needs positive steps, checkpoint interval and learning rate, got {WarmupSteps}, {WarmupCheckpointEvery}, {WarmupLearningRate}");
        if (Method == FineTuneMethod.Hybrid && ReplayFraction > 0) throw new ArgumentException("the hybrid's warm start is plain SFT: --replay does not apply to it");
        if (KlBudget is { } budget && (budget <= 0 || !double.IsFinite(budget))) throw new ArgumentException($"--kl-budget must be a positive number of nats, got {budget}");
        // The RL methods' own fields are checked where they live, for every method as before.
        Grpo.Validate();
        Ppo.Validate();
    }
}
