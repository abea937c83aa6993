namespace Robotics.Policy;

/// <summary>A batch of observations: images uint8 [B, H, W, 3] (top row first), proprio float32 [B, P], one instruction per row.</summary>
public sealed record ObservationBatch(int BatchSize, int ImageHeight, int ImageWidth, byte[] Images,
    int ProprioDim, float[] Proprio, IReadOnlyList<string> Instructions);
