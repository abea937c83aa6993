using Robotics.Policy.Metrics;

namespace Robotics.Policy.Training;

/// <summary>
/// DrQ / RAD's image augmentation for behaviour cloning from pixels: each image moved by a random whole-pixel offset of
/// up to <c>pad</c> in x and y, edges replicated (the same as padding by <c>pad</c> with the border pixels and cropping
/// back at a random corner). The actions stay as they are, so the policy learns that a shift of the whole view is not a
/// reason to act differently. Written by hand on the byte images because it is a copy with clamped indices, and because
/// the offsets must come from fixed arithmetic (the run seed and update) for a resumed run to see the same batches.
/// </summary>
public static class RandomShift
{
    /// <summary>The batch with every image shifted by its own offset, drawn from <paramref name="seed"/>.</summary>
    public static ObservationBatch Apply(ObservationBatch batch, int pad, int seed)
    {
        if (pad <= 0) return batch;
        int h = batch.ImageHeight, w = batch.ImageWidth, bytes = h * w * 3;
        var random = new SplitMixStream((ulong)seed);
        var shifted = new byte[batch.Images.Length];
        for (var b = 0; b < batch.BatchSize; b++)
        {
            int dx = random.NextIndex(2 * pad + 1) - pad, dy = random.NextIndex(2 * pad + 1) - pad;
            var source = batch.Images.AsSpan(b * bytes, bytes);
            var target = shifted.AsSpan(b * bytes, bytes);
            for (var y = 0; y < h; y++)
            {
                var sy = Math.Clamp(y + dy, 0, h - 1);
                for (var x = 0; x < w; x++)
                {
                    var sx = Math.Clamp(x + dx, 0, w - 1);
                    source.Slice((sy * w + sx) * 3, 3).CopyTo(target.Slice((y * w + x) * 3, 3));
                }
            }
        }
        return batch with { Images = shifted };
    }
}
