namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>
/// Resizes uint8 RGB frames by area averaging (OpenCV's INTER_AREA when shrinking, as SimplerEnv's OpenVLA evaluation resizes
/// 640x480 to 224x224; the same rule as the Python adapter's images.area_resize): each output pixel averages the input it
/// covers, weighted by overlap. The aspect ratio is not kept.
/// </summary>
internal static class AreaResize
{
    /// <summary>[frames, height, width, 3] -> [frames, outHeight, outWidth, 3].</summary>
    public static byte[] Frames(ReadOnlySpan<byte> frames, int count, int height, int width, int outHeight, int outWidth)
    {
        if (frames.Length != (long)count * height * width * 3) throw new ArgumentException($"{frames.Length} bytes are not {count} frames of {height}x{width}x3");
        if (outHeight < 1 || outWidth < 1) throw new ArgumentOutOfRangeException(nameof(outHeight), $"output size {outHeight}x{outWidth} must be positive");
        if (height == outHeight && width == outWidth) return frames.ToArray();
        var rows = Weights(height, outHeight);
        var cols = Weights(width, outWidth);
        var output = new byte[(long)count * outHeight * outWidth * 3];
        var line = new double[width * 3];
        for (var f = 0; f < count; f++)
        {
            var frame = frames.Slice(f * height * width * 3, height * width * 3);
            for (var oy = 0; oy < outHeight; oy++)
            {
                Array.Clear(line);
                foreach (var (y, wy) in rows[oy])
                {
                    var source = frame.Slice(y * width * 3, width * 3);
                    for (var i = 0; i < line.Length; i++) line[i] += wy * source[i];
                }
                var target = output.AsSpan((f * outHeight + oy) * outWidth * 3, outWidth * 3);
                for (var ox = 0; ox < outWidth; ox++)
                {
                    double r = 0, g = 0, b = 0;
                    foreach (var (x, wx) in cols[ox])
                    {
                        r += wx * line[x * 3];
                        g += wx * line[x * 3 + 1];
                        b += wx * line[x * 3 + 2];
                    }
                    target[ox * 3] = ToByte(r);
                    target[ox * 3 + 1] = ToByte(g);
                    target[ox * 3 + 2] = ToByte(b);
                }
            }
        }
        return output;
    }

    /// <summary>For each output index, the input indices it covers and their weights (overlap / scale, summing to 1).</summary>
    private static (int Index, double Weight)[][] Weights(int sizeIn, int sizeOut)
    {
        var scale = (double)sizeIn / sizeOut;
        var weights = new (int, double)[sizeOut][];
        for (var o = 0; o < sizeOut; o++)
        {
            double start = o * scale, end = (o + 1) * scale;
            var list = new List<(int, double)>();
            for (var i = (int)Math.Floor(start); i < Math.Min(sizeIn, (int)Math.Ceiling(end)); i++)
            {
                var overlap = Math.Min(end, i + 1) - Math.Max(start, i);
                if (overlap > 1e-12) list.Add((i, overlap / scale));
            }
            weights[o] = [.. list];
        }
        return weights;
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value, MidpointRounding.ToEven), 0, 255);
}
