using SkiaSharp;

namespace Robotics.Experiments.Tests.Reports;

/// <summary>
/// Decodes an animated GIF with SkiaSharp (a second implementation beside the ImageSharp that wrote it): every frame
/// as shown, each decoded onto the one before, as a GIF player composes them. Shared, as a linked file, with the end-to-end tests.
/// </summary>
internal static class GifFrames
{
    public static (int Width, int Height, List<SKColor[]> Frames) Decode(string path)
    {
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"{path} is not an image");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var canvas = new SKBitmap(info);
        canvas.Erase(SKColors.Transparent);
        var frames = new List<SKColor[]>();
        for (var k = 0; k < codec.FrameCount; k++)
        {
            var result = codec.GetPixels(info, canvas.GetPixels(), new SKCodecOptions(k, k - 1));
            if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
                throw new InvalidDataException($"{path}: frame {k} does not decode ({result})");
            frames.Add(canvas.Pixels);
        }
        return (info.Width, info.Height, frames);
    }

    /// <summary>Variance of a frame's grey levels over its first <paramref name="pixels"/> pixels (0 for a blank frame).</summary>
    public static double GreyVariance(SKColor[] frame, int pixels)
    {
        var greys = frame.Take(pixels).Select(c => (c.Red + c.Green + c.Blue) / 3.0).ToArray();
        var mean = greys.Average();
        return greys.Average(g => (g - mean) * (g - mean));
    }
}
