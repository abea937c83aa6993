using Robotics.Experiments.Reports;

namespace Robotics.Experiments.Tests.Reports;

public sealed class EpisodeGifTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("episode-gif-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_Episode_HasAFramePerStepThatShowsTheCameraAndTheOutcomeBar(bool success)
    {
        var episode = EpisodeFixtures.Moving(steps: 17, success);
        var path = Path.Combine(_dir, "episode.gif");

        EpisodeGif.Write(path, episode);

        var (width, height, frames) = GifFrames.Decode(path);
        frames.Should().HaveCount(episode.Steps);
        width.Should().Be(64);
        height.Should().Be(64 + EpisodeGif.BarHeight);
        frames.Should().OnlyContain(f => GifFrames.GreyVariance(f, 64 * 64) > 100, "every frame shows the camera image, not a blank");
        frames.Should().OnlyContain(f => f.All(c => c.Alpha == 255), "every pixel of every frame is drawn");
        frames[0].Take(64 * 64).Should().NotEqual(frames[^1].Take(64 * 64), "the frames follow the episode");
        for (var t = 0; t < episode.Steps; t++)
            MeanAbsoluteError(frames[t], episode.Images.AsSpan(t * 64 * 64 * 3, 64 * 64 * 3).ToArray()).Should().BeLessThan(12, $"frame {t} shows the camera's colours");
        var lastBar = frames[^1][(64 + 1) * 64 + 10];
        if (success) lastBar.Green.Should().BeGreaterThan(lastBar.Red);
        else lastBar.Red.Should().BeGreaterThan(lastBar.Green);
        new FileInfo(path).Length.Should().BeLessThan(40_000, "a 17-step 64x64 clip stays small");
    }

    /// <summary>Mean absolute difference per channel between a decoded frame's camera part and the RGB it was made from.</summary>
    private static double MeanAbsoluteError(SkiaSharp.SKColor[] frame, byte[] rgb) =>
        Enumerable.Range(0, rgb.Length / 3).Average(p =>
            (Math.Abs(frame[p].Red - rgb[p * 3]) + Math.Abs(frame[p].Green - rgb[p * 3 + 1]) + Math.Abs(frame[p].Blue - rgb[p * 3 + 2])) / 3.0);

    [Fact]
    public void Write_EmptyEpisode_IsRefused()
    {
        var act = () => EpisodeGif.Write(Path.Combine(_dir, "x.gif"), EpisodeFixtures.Moving(steps: 0, success: false));
        act.Should().Throw<ArgumentException>().WithMessage("*no steps*");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
