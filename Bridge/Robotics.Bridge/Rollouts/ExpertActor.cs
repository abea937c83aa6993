using Robotics.Bridge.Envs;
using Robotics.Sim.V1;

namespace Robotics.Bridge.Rollouts;

/// <summary>
/// Executes the env's scripted expert action plus seeded Gaussian noise and records the clean expert action as the
/// label, so demonstrations hold recoveries from perturbed states (as the behaviour-cloning probe in DESIGN.md did).
/// The noise std per dimension is <c>noise</c> times <see cref="NoiseScale"/>: the tabletop's largest translation
/// step (3 cm) on x/y/z, none on rotation or the gripper (so grasps stay decisive). With a style it follows that
/// style's expert (<see cref="EnvStep.StyledExpertActions"/>) instead of the default one.
/// </summary>
public sealed class ExpertActor : IActor
{
    /// <summary>Noise std per action dimension at <c>noise = 1</c>.</summary>
    public static IReadOnlyList<float> NoiseScale { get; } = [0.03f, 0.03f, 0.03f, 0f, 0f, 0f, 0f];

    private readonly double _noise;
    private readonly SeededNormal _normal;
    private readonly string? _style;

    /// <param name="style">An expert style the env's tasks offer (<see cref="EnvSpec.ExpertStyles"/>); null = the default expert.</param>
    public ExpertActor(double noise = 0.0, ulong seed = 0, string? style = null)
    {
        if (noise < 0 || double.IsNaN(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "Noise must be >= 0.");
        _noise = noise;
        _normal = new SeededNormal(seed);
        _style = style;
    }

    public ValueTask<ActorOutput> ActAsync(EnvStep observation, CancellationToken ct)
    {
        var expert = observation.ExpertActions
            ?? throw new InvalidOperationException("This env has no scripted expert (EnvSpec.HasExpert is false); ExpertActor cannot act.");
        if (_style is not null && !observation.StyledExpertActions.TryGetValue(_style, out expert))
            throw new InvalidOperationException($"The env sent no '{_style}' expert actions (it sends: "
                + $"{(observation.StyledExpertActions.Count == 0 ? "none" : string.Join(", ", observation.StyledExpertActions.Keys))}); see EnvSpec.ExpertStyles.");
        var executed = (float[])expert.Clone();
        if (_noise > 0)
        {
            for (var i = 0; i < executed.Length; i++)
            {
                var scale = NoiseScale[i % Episode.ActionDim];
                if (scale > 0) executed[i] += (float)(_noise * scale * _normal.Next());
            }
        }
        return ValueTask.FromResult(new ActorOutput(executed, RecordedActions: (float[])expert.Clone()));
    }
}
