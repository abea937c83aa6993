using System.Globalization;

namespace Robotics.Experiments.FineTuning;

/// <summary>A run stopped by its KL budget: the measurement over it, and the last checkpoint under it (null: none was written).</summary>
public sealed record KlBudgetStop(double Budget, int Step, double ForwardKl, int? LastCheckpointStep, double? LastCheckpointKl)
{
    public string Describe() => LastCheckpointStep is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"KL budget {Budget:G3} nats reached at step {Step} (forward KL {ForwardKl:F3}): stopped; the last checkpoint under it is step {c} (forward KL {LastCheckpointKl:F3})")
        : string.Create(CultureInfo.InvariantCulture, $"KL budget {Budget:G3} nats reached at step {Step} (forward KL {ForwardKl:F3}) before the first checkpoint: stopped, no checkpoint under the budget");
}
