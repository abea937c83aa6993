namespace Robotics.Policy.Training;

/// <summary>Supervised fine-tuning on demonstrations: cross-entropy on the 7 action tokens.</summary>
public sealed record SftOptions
{
    public int BatchSize { get; init; } = 64;
    /// <summary>Gradient updates in the run.</summary>
    public int Updates { get; init; } = 400;
    public OptimizerOptions Optimizer { get; init; } = new() { LearningRate = 3e-4 };
    public long Seed { get; init; }
    /// <summary>Fraction of each batch drawn from prior-task demonstrations (experience replay); 0 is plain SFT.</summary>
    public double ReplayFraction { get; init; }
    /// <summary>Weight of the forward KL(pi_0 || pi) to the frozen base (KL-constrained SFT, the paper's remedy); 0 is plain SFT.</summary>
    public double KlCoef { get; init; }

    /// <summary>Rows of each batch that come from the replay set.</summary>
    public int ReplayRows => Math.Min(BatchSize - 1, (int)Math.Round(BatchSize * Math.Clamp(ReplayFraction, 0, 1)));

    public void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentException($"BatchSize must be positive, got {BatchSize}");
        if (Updates < 0) throw new ArgumentException($"Updates must be >= 0, got {Updates}");
        if (ReplayFraction is < 0 or >= 1) throw new ArgumentException($"ReplayFraction must be in [0, 1), got {ReplayFraction}");
        if (KlCoef < 0) throw new ArgumentException($"KlCoef must be >= 0, got {KlCoef}");
    }
}
