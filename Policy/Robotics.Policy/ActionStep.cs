namespace Robotics.Policy;

/// <summary>
/// One decoded action per row: <see cref="Actions"/> [B, 7] in env units (un-normalised), <see cref="Bins"/> [B, 7] head
/// indices 0..255, <see cref="LogProbs"/> [B, 7] log-probability of each chosen bin under the (tempered) policy, and
/// <see cref="Probs"/> [B, 7, 256] the full distributions each token was drawn from.
/// </summary>
public sealed record ActionStep(float[] Actions, int[] Bins, float[] LogProbs, float[]? Probs = null);
