using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing.Processors.Quantization;
using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Reports;

/// <summary>
/// One episode as an animated GIF: a frame per step (the observation the policy acted on) with a bar below the
/// camera image that fills as the episode runs; it turns green on the step the task succeeds and red on the last
/// step of a failure. The instruction, seed and outcome go in the GIF's comment (text drawing would need
/// SixLabors.ImageSharp.Drawing, which the package mirror cannot restore); the report captions it in HTML.
/// </summary>
public static class EpisodeGif
{
    /// <summary>Height of the progress bar under the camera image, in pixels.</summary>
    public const int BarHeight = 4;

    /// <summary>The tabletop steps at 10 Hz: one frame each 10 centiseconds plays the episode in real time.</summary>
    public const int FrameDelayCentiseconds = 10;

    private static readonly Rgb24 Running = new(150, 150, 150);
    private static readonly Rgb24 Succeeded = new(30, 170, 60);
    private static readonly Rgb24 Failed = new(210, 40, 40);
    private static readonly Rgb24 Empty = new(40, 40, 40);

    public static void Write(string path, Episode episode)
    {
        using var file = File.Create(path);
        Write(file, episode);
    }

    public static void Write(Stream output, Episode episode)
    {
        if (episode.Steps <= 0) throw new ArgumentException($"episode of '{episode.Task}' seed {episode.Seed} has no steps to show", nameof(episode));
        int w = episode.ImageWidth, h = episode.ImageHeight + BarHeight;
        var frames = Enumerable.Range(0, episode.Steps).Select(t => Frame(episode, t)).ToList();
        using var gif = Image.LoadPixelData<Rgb24>(frames[0], w, h);
        foreach (var rgb in frames.Skip(1))
        {
            using var frame = Image.LoadPixelData<Rgb24>(rgb, w, h);
            gif.Frames.AddFrame(frame.Frames.RootFrame);
        }
        foreach (var frame in gif.Frames) frame.Metadata.GetGifMetadata().FrameDelay = FrameDelayCentiseconds;
        var metadata = gif.Metadata.GetGifMetadata();
        metadata.RepeatCount = 0; // loop forever
        metadata.Comments.Add(Caption(episode));
        // One palette for the whole episode keeps the file small (a global colour table, not one per frame).
        gif.SaveAsGif(output, new GifEncoder { ColorTableMode = GifColorTableMode.Global, Quantizer = new PaletteQuantizer(Palette(frames, w, h), Options) });
    }

    private static readonly QuantizerOptions Options = new() { MaxColors = 64, Dither = null };

    /// <summary>
    /// The episode's palette: Wu's quantizer over every frame stacked into one tall image. Built here because ImageSharp
    /// 2.1's own global palette (Wu with <see cref="GifColorTableMode.Global"/>) came out with the wrong colours (tested).
    /// No dithering, so the flat table and sky stay flat and compress.
    /// </summary>
    private static Color[] Palette(IReadOnlyList<byte[]> frames, int w, int h)
    {
        using var strip = Image.LoadPixelData<Rgb24>(frames.SelectMany(f => f).ToArray(), w, h * frames.Count);
        using var quantizer = new WuQuantizer(Options).CreatePixelSpecificQuantizer<Rgb24>(Configuration.Default);
        using var indexed = quantizer.BuildPaletteAndQuantizeFrame(strip.Frames.RootFrame, strip.Bounds());
        return indexed.Palette.ToArray().Select(p => Color.FromRgb(p.R, p.G, p.B)).ToArray();
    }

    /// <summary>Step <paramref name="t"/>'s camera image (uint8 RGB) with the progress bar under it.</summary>
    private static byte[] Frame(Episode episode, int t)
    {
        int w = episode.ImageWidth, h = episode.ImageHeight;
        var rgb = new byte[(h + BarHeight) * w * 3];
        episode.Images.AsSpan(t * h * w * 3, h * w * 3).CopyTo(rgb);
        var succeededAt = Array.FindIndex(episode.Rewards, r => r > 0);
        var colour = episode.Success && succeededAt >= 0 && t >= succeededAt ? Succeeded
            : !episode.Success && t == episode.Steps - 1 ? Failed
            : Running;
        var filled = (int)Math.Ceiling((t + 1) * (double)w / episode.Steps);
        for (var y = h; y < h + BarHeight; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var c = x < filled ? colour : Empty;
                var p = (y * w + x) * 3;
                (rgb[p], rgb[p + 1], rgb[p + 2]) = (c.R, c.G, c.B);
            }
        }
        return rgb;
    }

    /// <summary>What the episode was, for the GIF comment and the report's caption.</summary>
    public static string Caption(Episode e) =>
        $"\"{e.Instruction}\" ({e.Task}, seed {e.Seed}): {(e.Success ? "success" : "failure")} after {e.Steps} steps";
}
