using System.Globalization;

namespace Robotics.Experiments.FineTuning;

/// <summary>One fine-tuning run of the base policy on the new task.</summary>
public sealed record FineTuneOptions
{
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Sft;
    public string Task { get; init; } = "pick_can";
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>The learning rate a run gets when none is given; GRPO's is low because its 30-50 small steps an iteration at 3e-4 collapsed the policy in one iteration.</summary>
    public static double DefaultLearningRate(FineTuneMethod method) => method switch
    {
        FineTuneMethod.Grpo => 6e-5,
        FineTuneMethod.Ppo => 1e-4,
        _ => 3e-4,
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
    /// <summary>GRPO: passes over each iteration's rollouts (the ratio clipping bounds how far they move the policy).</summary>
    public int Epochs { get; init; } = 2;
    /// <summary>PPO: episodes per iteration.</summary>
    public int PpoEpisodes { get; init; } = 32;
    /// <summary>PPO: add the simulator's potential-based shaping term (reach, upright, grasp, lift) to the success reward.</summary>
    public bool DenseReward { get; init; }
    /// <summary>PPO: first iterations train only the critic.</summary>
    public int CriticWarmup { get; init; }
    public float Temperature { get; init; } = 1f;
    /// <summary>RL: whether rollouts also sample the 3 rotation tokens; off, they are decoded greedily and left out of the loss.</summary>
    public bool ExploreRotation { get; init; }
    /// <summary>GRPO: the ratio's upper clip (1 + ClipHigh); null = the lower clip's 0.2.</summary>
    public double? ClipHigh { get; init; }
    /// <summary>GRPO: keep only groups with both successes and failures, collecting fresh groups (up to <see cref="MaxSamplingRounds"/> rounds) to refill.</summary>
    public bool DynamicSampling { get; init; }
    public const int MaxSamplingRounds = 3;
    /// <summary>GRPO: draw each iteration's initial states from a fixed pool of this many training layouts (0 = fresh seeds every iteration).</summary>
    public int LayoutPool { get; init; }
    public long Seed { get; init; } = 1;

    /// <summary>A name that says what the run is, used for its folder and in the report.</summary>
    public string Name
    {
        get
        {
            var lr = LearningRate.ToString("0e+0", CultureInfo.InvariantCulture).Replace("+", "", StringComparison.Ordinal);
            var suffix = Method switch
            {
                FineTuneMethod.KlSft => $"-beta{KlCoef.ToString(CultureInfo.InvariantCulture)}",
                FineTuneMethod.Sft when ReplayFraction > 0 => ReplayFraction.ToString(CultureInfo.InvariantCulture),
                _ => "",
            };
            return $"{MethodLabel}{suffix}-lr{lr}-s{Seed}";
        }
    }

    /// <summary>The method as the report groups it (SFT with replay is its own method there).</summary>
    public string MethodLabel => Method switch
    {
        FineTuneMethod.Sft when ReplayFraction > 0 => "sft-replay",
        FineTuneMethod.Sft => "sft",
        FineTuneMethod.KlSft => "kl-sft",
        FineTuneMethod.Grpo => "grpo",
        FineTuneMethod.Ppo => "ppo",
        _ => Method.ToString().ToLowerInvariant(),
    };

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"Steps must be positive, got {Steps}");
        if (CheckpointEvery < 1) throw new ArgumentException($"CheckpointEvery must be positive, got {CheckpointEvery}");
        if (LearningRate <= 0 || !double.IsFinite(LearningRate)) throw new ArgumentException($"LearningRate must be a positive number, got {LearningRate}");
        if (Epochs < 1) throw new ArgumentException($"Epochs must be positive, got {Epochs}");
        if (Groups < 1) throw new ArgumentException($"Groups must be positive, got {Groups}");
        if (GroupSize < 2) throw new ArgumentException($"GroupSize must be at least 2 (advantages are normalised within a group), got {GroupSize}");
        if (Temperature <= 0 || !float.IsFinite(Temperature)) throw new ArgumentException($"Temperature must be a positive number, got {Temperature}");
        if (ClipHigh is { } h && !(h > 0 && double.IsFinite(h))) throw new ArgumentException($"ClipHigh must be a positive number, got {h}");
        if (PpoEpisodes < 1) throw new ArgumentException($"PpoEpisodes must be positive, got {PpoEpisodes}");
        if (CriticWarmup < 0) throw new ArgumentException($"CriticWarmup must be >= 0, got {CriticWarmup}");
        if (LayoutPool < 0) throw new ArgumentException($"LayoutPool must be >= 0, got {LayoutPool}");
        if (LayoutPool > 0 && LayoutPool < Groups) throw new ArgumentException($"LayoutPool ({LayoutPool}) must hold at least Groups ({Groups}) layouts");
        if (Method == FineTuneMethod.KlSft && KlCoef <= 0) throw new ArgumentException("kl-sft needs --kl-coef > 0 (with 0 it is plain sft)");
    }
}
