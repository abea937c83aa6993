using System.Threading.Channels;
using Robotics.Bridge.Envs;
using Robotics.Bridge.Faults;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Rollouts;

/// <summary>
/// Drives one vector env through the shared request queue (the collection rule is on <see cref="RolloutCollector"/>).
/// </summary>
internal sealed class EnvGroupRunner(IVectorEnv env, IActor actor, SemaphoreSlim actorGate, RequestQueue queue,
    ChannelWriter<CollectedEpisode> output, CollectionProgress progress)
{
    private readonly EnvSpec _spec = env.Spec;
    private readonly EpisodeBuffer?[] _slots = new EpisodeBuffer?[env.Spec.NumEnvs];
    private readonly string[] _taskOf = [.. env.Spec.Tasks];

    public async Task RunAsync(CancellationToken ct)
    {
        var observation = await StartAsync(ct);
        while (_slots.Any(s => s is not null))
        {
            try
            {
                var act = await ActAsync(observation, ct);
                RecordActions(observation, act);
                var next = await env.StepAsync(act.Actions, ct);
                observation = await FinishAndRefillAsync(next, ct);
            }
            catch (SimulatorReconnectedException)
            {
                await AbortInFlightAsync(requeue: true, ct);
                observation = await StartAsync(ct);
            }
            catch
            {
                await AbortInFlightAsync(requeue: false, CancellationToken.None);
                throw;
            }
        }
    }

    /// <summary>Gives every env a request (where one is left) and resets all of them.</summary>
    private async Task<EnvStep> StartAsync(CancellationToken ct)
    {
        while (true)
        {
            var ids = Enumerable.Range(0, _spec.NumEnvs).ToArray();
            var taken = Take(ids);
            try
            {
                if (taken.All(t => t < 0)) return await env.ResetAsync(ct: ct);
                var step = await env.ResetAsync(null, Seeds(taken), TasksFor(taken), ct);
                Open(ids, taken, step);
                return step;
            }
            catch (SimulatorReconnectedException)
            {
                foreach (var index in taken.Where(t => t >= 0).Reverse()) queue.Requeue(index);
            }
        }
    }

    private async ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
    {
        await actorGate.WaitAsync(ct);
        try
        {
            var result = await actor.ActAsync(observation, ct);
            Validate(result);
            return result;
        }
        finally
        {
            actorGate.Release();
        }
    }

    private void RecordActions(EnvStep observation, ActorOutput act)
    {
        var recorded = act.RecordedActions ?? act.Actions;
        var idle = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[i];
            if (slot is null)
            {
                // Envs with nothing to run: zero motion, not recorded (frozen backends ignore it anyway).
                Array.Clear(act.Actions, i * _spec.ActionDim, _spec.ActionDim);
                idle++;
                continue;
            }
            slot.AddStep(observation.ImageOf(i), observation.ProprioOf(i), recorded.AsSpan(i * _spec.ActionDim, _spec.ActionDim),
                act.Steps?[i]);
        }
        progress.AddSteps(_slots.Length - idle);
    }

    /// <summary>Closes the episodes that ended, then resets their envs to the next requests (the collection rule).</summary>
    private async Task<EnvStep> FinishAndRefillAsync(EnvStep next, CancellationToken ct)
    {
        var freed = new List<int>();
        for (var i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[i];
            if (slot is null) continue;
            slot.AddReward(next.Reward[i], next.ShapedReward?[i]);
            if (!next.Done(i)) continue;
            await EmitAsync(slot, slot.Build(next.Success[i], next.PhysicsError[i], aborted: false), ct);
            _slots[i] = null;
            freed.Add(i);
        }
        if (freed.Count == 0) return next;
        if (!_spec.PartialReset)
        {
            // All-at-once backends: wait until every env is done, then reset them all together.
            return _slots.Any(s => s is not null) ? next : await StartAsync(ct);
        }
        var ids = freed.ToArray();
        var taken = Take(ids);
        var resetIds = ids.Where((_, j) => taken[j] >= 0).ToArray();
        if (resetIds.Length == 0) return next;
        var takenOnly = taken.Where(t => t >= 0).ToArray();
        try
        {
            var step = await env.ResetAsync(resetIds, Seeds(takenOnly), TasksFor(takenOnly), ct);
            Open(resetIds, takenOnly, step);
            return step;
        }
        catch (SimulatorUnavailableException)
        {
            foreach (var index in takenOnly.Reverse()) queue.Requeue(index);
            throw;
        }
    }

    private int[] Take(int[] envIds) =>
        [.. envIds.Select(i => queue.TryTake(task => _spec.PerEnvTask || task == _taskOf[i]))];

    private void Open(int[] envIds, int[] taken, EnvStep step)
    {
        for (var j = 0; j < envIds.Length; j++)
        {
            var i = envIds[j];
            if (taken[j] < 0) continue;
            var request = queue[taken[j]];
            _taskOf[i] = request.Task;
            _slots[i] = new EpisodeBuffer(taken[j], request, step.Instructions[i], step.ImageHeight, step.ImageWidth, step.ProprioDim);
        }
    }

    private IReadOnlyList<ulong> Seeds(int[] taken) => [.. taken.Select(t => t < 0 ? 0UL : queue[t].Seed)];

    private IReadOnlyList<string>? TasksFor(int[] taken) =>
        _spec.PerEnvTask ? [.. taken.Select((t, j) => t < 0 ? _taskOf[j] : queue[t].Task)] : null;

    private async Task AbortInFlightAsync(bool requeue, CancellationToken ct)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[i];
            if (slot is null) continue;
            _slots[i] = null;
            if (requeue) queue.Requeue(slot.RequestIndex);
            await EmitAsync(slot, slot.Build(success: false, physicsError: false, aborted: true), ct);
        }
    }

    private async ValueTask EmitAsync(EpisodeBuffer slot, Episode episode, CancellationToken ct)
    {
        progress.AddEpisode(episode);
        await output.WriteAsync(new CollectedEpisode(slot.RequestIndex, episode), ct);
    }

    private void Validate(ActorOutput act)
    {
        var n = _spec.NumEnvs * _spec.ActionDim;
        if (act.Actions.Length != n)
            throw new InvalidOperationException($"The actor returned {act.Actions.Length} actions; expected [N={_spec.NumEnvs}, {_spec.ActionDim}] = {n}.");
        if (act.RecordedActions is { } r && r.Length != n)
            throw new InvalidOperationException($"The actor returned {r.Length} recorded actions; expected {n}.");
        if (act.Steps is { } steps)
        {
            if (steps.Count != _spec.NumEnvs)
                throw new InvalidOperationException($"The actor returned {steps.Count} actor steps; expected one per env, {_spec.NumEnvs}.");
            if (steps.FirstOrDefault(s => s.Bins.Length != _spec.ActionDim || s.LogProbs.Length != _spec.ActionDim) is { } bad)
                throw new InvalidOperationException($"The actor returned a step of {bad.Bins.Length} bins and {bad.LogProbs.Length} log-probabilities; expected {_spec.ActionDim} of each.");
        }
    }
}
