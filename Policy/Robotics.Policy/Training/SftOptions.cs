namespace Robotics.Policy.Training;

/// <summary>Supervised fine-tuning on demonstrations (<see cref="Sft"/> and <see cref="KlSft"/>): cross-entropy on the 7 action tokens.</summary>
public sealed record SftOptions
{
    // Run
    /// <summary>Gradient updates of the run; the learning-rate schedule runs over them.</summary>
    public int Updates { get; init; } = 300;
    /// <summary>Seeds the minibatch order (the replay set's from Seed + 1).</summary>
    public long Seed { get; init; } = 1;

    // Update
    /// <summary>Demonstration steps per update.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>AdamW's peak learning rate.</summary>
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>Updates over which the learning rate rises linearly from 0 (pre-norm transformers want a warm-up).</summary>
    public int WarmupUpdates { get; init; } = 10;
    /// <summary>Decay the learning rate by a cosine to 10% of the peak by the last update; off, it stays at the peak.</summary>
    public bool Cosine { get; init; }
    /// <summary>SFT only: fraction of each batch drawn from prior-task demonstrations (experience replay); 0 is plain SFT. KL-SFT refuses it.</summary>
    public double ReplayFraction { get; init; }
    /// <summary>Random-shift augmentation (<see cref="RandomShift"/>): each training image moved by up to this many pixels in
    /// x and y, edges replicated (DrQ pads 4 at 84 px); 0, the default, leaves images as they are.</summary>
    public int ImageShift { get; init; }

    // Derived
    /// <summary>Rows of each batch that come from the replay set.</summary>
    public int ReplayRows => Math.Min(BatchSize - 1, (int)Math.Round(BatchSize * Math.Clamp(ReplayFraction, 0, 1)));
    /// <summary>AdamW at <see cref="LearningRate"/> with <see cref="WarmupUpdates"/> of warm-up; its schedule position is the update.</summary>
    public OptimizerOptions Optimizer => new() { LearningRate = LearningRate, WarmupUpdates = WarmupUpdates, Cosine = Cosine, TotalUpdates = Updates };

    public void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentException($"BatchSize must be positive, got {BatchSize}");
        if (Updates < 0) throw new ArgumentException($"Updates must be >= 0, got {Updates}");
        if (WarmupUpdates < 0) throw new ArgumentException($"WarmupUpdates must be >= 0, got {WarmupUpdates}");
        if (ImageShift < 0) throw new ArgumentException($"ImageShift must be >= 0 pixels, got {ImageShift}");
        if (ReplayFraction is < 0 or >= 1) throw new ArgumentException($"ReplayFraction must be in [0, 1), got {ReplayFraction}");
        OptimizerOptions.ValidateLearningRate(LearningRate);
    }
}
