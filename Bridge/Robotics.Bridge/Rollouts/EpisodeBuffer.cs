using System.Buffers;

namespace Robotics.Bridge.Rollouts;

/// <summary>The steps of one episode in flight in one env slot.</summary>
internal sealed class EpisodeBuffer(int requestIndex, EpisodeRequest request, string instruction, int imageHeight, int imageWidth, int proprioDim)
{
    private readonly ArrayBufferWriter<byte> _images = new();
    private readonly List<float> _proprio = [];
    private readonly List<float> _actions = [];
    private readonly List<float> _rewards = [];
    private readonly List<float> _shaped = [];
    private bool _hasShaping = true;
    private readonly List<ActorStep> _actorSteps = [];
    private bool? _hasActorSteps;

    public int RequestIndex { get; } = requestIndex;

    public int Steps => _rewards.Count;

    /// <summary>Records the observation the action was chosen from and the action itself (the reward follows in <see cref="AddReward"/>).</summary>
    public void AddStep(ReadOnlySpan<byte> image, ReadOnlySpan<float> proprio, ReadOnlySpan<float> action, ActorStep? actorStep)
    {
        _images.Write(image);
        _proprio.AddRange(proprio);
        _actions.AddRange(action);
        _hasActorSteps ??= actorStep is not null;
        if (_hasActorSteps != actorStep is not null)
            throw new InvalidOperationException($"The actor {(actorStep is null ? "stopped" : "started")} recording its steps within an episode.");
        if (actorStep is not null) _actorSteps.Add(actorStep);
    }

    public void AddReward(float reward, float? shapedReward = null)
    {
        _rewards.Add(reward);
        if (shapedReward is { } s) _shaped.Add(s);
        else _hasShaping = false;
    }

    /// <summary>The whole episode; an aborted one drops a trailing step whose reward never came.</summary>
    public Episode Build(bool success, bool physicsError, bool aborted)
    {
        var steps = _rewards.Count;
        return new Episode(request.Task, instruction, request.Seed, steps, imageHeight, imageWidth,
            _images.WrittenSpan[..(steps * imageHeight * imageWidth * 3)].ToArray(), proprioDim, [.. _proprio.Take(steps * proprioDim)],
            [.. _actions.Take(steps * Episode.ActionDim)], [.. _rewards], success && !aborted, physicsError, aborted,
            _hasActorSteps == true ? [.. _actorSteps.Take(steps)] : null, _hasShaping && steps > 0 ? [.. _shaped] : null);
    }
}
