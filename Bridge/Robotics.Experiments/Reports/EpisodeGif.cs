using Robotics.Bridge;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing.Processors.Quantization;

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
        int w = episode.ImageWidth, h = episode.ImageHeight;
        using var gif = new Image<Rgb24>(w, h + BarHeight);
        var succeededAt = Array.FindIndex(episode.Rewards, r => r > 0);
        var rgb = new byte[(h + BarHeight) * w * 3];
        for (var t = 0; t < episode.Steps; t++)
        {
            episode.Images.AsSpan(t * h * w * 3, h * w * 3).CopyTo(rgb);
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
            using var frame = Image.LoadPixelData<Rgb24>(rgb, w, h + BarHeight);
            frame.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = FrameDelayCentiseconds;
            gif.Frames.AddFrame(frame.Frames.RootFrame);
        }
        gif.Frames.RemoveFrame(0); // the blank frame the image was created with
        var metadata = gif.Metadata.GetGifMetadata();
        metadata.RepeatCount = 0; // loop forever
        metadata.Comments.Add(Caption(episode));
        // One palette for the whole episode keeps the file small; no dithering, so flat table and sky stay flat and compress.
        gif.SaveAsGif(output, new GifEncoder
        {
            ColorTableMode = GifColorTableMode.Global,
            Quantizer = new WuQuantizer(new QuantizerOptions { MaxColors = 64, Dither = null }),
        });
    }

    /// <summary>What the episode was, for the GIF comment and the report's caption.</summary>
    public static string Caption(Episode e) =>
        $"\"{e.Instruction}\" ({e.Task}, seed {e.Seed}): {(e.Success ? "success" : "failure")} after {e.Steps} steps";
}
