using System.Text.RegularExpressions;
using Robotics.Cli.Commands;
using Robotics.Experiments.Tests.Reports;

namespace Robotics.EndToEnd.Tests.Render;

/// <summary><c>robotics render --out x.gif</c>: one whole episode, a frame per step, from the policy's (or the expert's) camera.</summary>
public sealed class RenderCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("render-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Render_Gif_RecordsOneEpisodeWithAFramePerStep(bool withPolicy)
    {
        var gif = Path.Combine(_dir, "episode.gif");
        string[] policy = withPolicy ? ["--policy", RepositoryLayout.CommittedBase()!] : [];

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(["render", "--task", "open_drawer", "--seed", "5", "--out", gif, .. policy]);

        exitCode.Should().Be(0, stderr);
        var steps = int.Parse(Regex.Match(stdout, @"after (\d+) steps").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        stdout.Should().Contain("\"open the drawer\"").And.Contain(withPolicy ? "base-tiny" : "scripted expert");
        var (width, height, frames) = GifFrames.Decode(gif);
        frames.Should().HaveCount(steps);
        (width, height).Should().Be((64, 64 + 4));
        frames.Should().OnlyContain(f => GifFrames.GreyVariance(f, 64 * 64) > 50, "every frame shows the scene, not a blank");
    }

    [Theory]
    [InlineData("episode.jpg")]
    [InlineData("episode.png", "--policy", "models/base-tiny")]
    [InlineData("episode.gif", "--steps", "3")]
    [InlineData("episode.gif", "--policy", "no-such-checkpoint")]
    public async Task Render_BadCombination_IsAUsageErrorThatSaysWhy(string file, params string[] extra)
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync(["render", "--out", Path.Combine(_dir, file), .. extra]);

        exitCode.Should().Be(2, stderr);
        stderr.Should().MatchRegex("(\\.png|\\.gif|--policy)");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
