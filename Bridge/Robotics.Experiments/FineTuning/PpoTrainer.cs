using Robotics.Bridge;
using Robotics.Experiments.Actors;
using Robotics.Policy;
using Robotics.Policy.Training;

namespace Robotics.Experiments.FineTuning;

/// <summary>One PPO iteration: sampled rollouts from distinct initial states, values and GAE, clipped updates (RL4VLA's recipe).</summary>
internal sealed class PpoTrainer : IFineTuneTrainer
{
    private readonly IVectorEnv _env;
    private readonly RolloutCollector _collector;
    private readonly VlaPolicy _policy;
    private readonly FineTuneOptions _options;
    private readonly Ppo _ppo;
    private readonly ValueHead _valueHead;

    public PpoTrainer(IVectorEnv env, RolloutCollector collector, VlaPolicy policy, FineTuneOptions options)
    {
        _env = env;
        _collector = collector;
        _policy = policy;
        _options = options;
        // Seeded, so the critic starts the same in every run with this seed (a resumed run then loads it from the checkpoint).
        TorchSharp.torch.random.manual_seed(options.Seed);
        _valueHead = new ValueHead(policy.Config.Width);
        _ppo = new Ppo(policy, _valueHead, new PpoOptions
        {
            Iterations = options.Steps,
            EpisodesPerIteration = options.PpoEpisodes,
            CriticWarmupIterations = options.CriticWarmup,
            Temperature = options.Temperature,
            SampledTokens = options.SampledTokens,
            Seed = options.Seed,
            Optimizer = new OptimizerOptions { LearningRate = options.LearningRate, WarmupUpdates = 0, Cosine = true },
        });
    }

    public PolicyOptimizer Optimizer => _ppo.Optimizer;

    public async Task<TrainingMetrics> StepAsync(int step, CancellationToken ct)
    {
        var requests = Enumerable.Range(0, _options.PpoEpisodes).Select(i => new EpisodeRequest(_options.Task, TrainingSeeds.For(_options.Seed, step, i))).ToList();
        using var actor = new PolicyActor(_policy, DecodingMode.Sample, _options.Temperature, seed: _options.Seed * 100_003 + step,
            _options.SampledTokens);
        // An episode the policy blew up stays in (its rewards say failure); only one the simulator aborted is left out.
        var episodes = (await _collector.CollectAsync(_env, actor, requests, ct)).Where(e => e is { Aborted: false }).ToList();
        if (episodes.Count == 0) return new TrainingMetrics(step, new Dictionary<string, double> { ["charts/success_rate"] = 0 });

        var perEpisode = episodes.Select(e => ((IReadOnlyList<Transition>)EpisodeTransitions.FromRollout(e), (IReadOnlyList<float>)Rewards(e))).ToList();
        var batch = _ppo.PrepareBatch(perEpisode, episodes[0].ImageHeight, episodes[0].ImageWidth, episodes[0].ProprioDim);
        var metrics = _ppo.Update(batch);
        return new TrainingMetrics(step, new Dictionary<string, double>(metrics.Values) { ["charts/success_rate"] = episodes.Average(e => e.Success ? 1.0 : 0.0) });
    }

    /// <summary>
    /// Binary: 1 at the last step of a successful episode. Dense: that plus the simulator's shaping term each step
    /// (Phi(s') - Phi(s), the StepResult extra "shaped_reward"), which leaves the optimal policy unchanged (Ng et al. 1999).
    /// </summary>
    private float[] Rewards(Episode episode)
    {
        var rewards = new float[episode.Steps];
        if (_options.DenseReward)
        {
            var shaped = episode.ShapedRewards ?? throw new InvalidOperationException(
                $"--dense-reward needs the simulator's shaped reward (the StepResult extra 'shaped_reward'); the episode of '{episode.Task}' carried none");
            shaped.CopyTo(rewards, 0);
        }
        if (episode.Success && !episode.PhysicsError && episode.Steps > 0) rewards[^1] += 1f;
        return rewards;
    }

    public void FastForward(int steps) => _ppo.Iteration = steps;

    private const string ValueHeadFile = "value_head.bin";

    public void SaveExtras(string checkpointPath) => _valueHead.save(Path.Combine(checkpointPath, ValueHeadFile));

    public void LoadExtras(string checkpointPath) => _valueHead.load(Path.Combine(checkpointPath, ValueHeadFile));

    public void Dispose()
    {
        _ppo.Dispose();
        _valueHead.Dispose();
    }
}
