using Robotics.Bridge.Rollouts;
using Robotics.Experiments.Evaluation;
using Robotics.Experiments.Tests.FineTuning;
using Robotics.Policy;

namespace Robotics.Experiments.Tests.Evaluation;

public sealed class ExpertActionErrorTests
{
    private static readonly RolloutCollector Quiet = new(new RolloutCollectorOptions { Progress = false });

    [Fact]
    public async Task MeasureAsync_TheTrainedBaseTracksTheExpert_AnUntrainedPolicyDoesNot()
    {
        using var trained = CommittedBasePolicy.Load();
        using var untrained = VlaPolicy.Create(trained.Config, trained.Normalizer, trained.Tokenizer, seed: 3);
        await using var env = await CommittedBasePolicy.EnvAsync(trained, "open_drawer", 4);
        var error = new ExpertActionError(env, Quiet);

        var ofTrained = await error.MeasureAsync(trained, ["open_drawer"], episodesPerTask: 2);
        var ofUntrained = await error.MeasureAsync(untrained, ["open_drawer"], episodesPerTask: 2);

        ofTrained["open_drawer"].Mean.Should().BeLessThan(5, "the base opens the drawer 100 of 100 times: it follows the expert to millimetres");
        ofUntrained["open_drawer"].Mean.Should().BeGreaterThan(3 * ofTrained["open_drawer"].Mean);
        var axes = ofUntrained["open_drawer"];
        axes.Mean.Should().BeApproximately((axes.X + axes.Y + axes.Z) / 3, 1e-12);
        new[] { axes.X, axes.Y, axes.Z }.Should().OnlyContain(mm => mm > 0 && double.IsFinite(mm));
    }
}
