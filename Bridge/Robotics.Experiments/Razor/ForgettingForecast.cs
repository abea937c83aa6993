namespace Robotics.Experiments.Razor;

/// <summary>A forecast of forgetting (prior-task success lost, a fraction) and why it may not be trusted (empty: within the law).</summary>
public sealed record ForgettingForecast(double ForwardKl, string? Method, double Forgetting, double Low, double High, double Confidence, IReadOnlyList<string> Problems)
{
    public bool Trusted => Problems.Count == 0;
}
