namespace Robotics.Policy.Metrics;

/// <summary>Mean divergences between the base policy and a fine-tuned one over the probe's states (nats; TV in [0, 1]).</summary>
public sealed record DivergenceReport(double ForwardKl, double ReverseKl, double TotalVariation, int States);
