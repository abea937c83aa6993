using System.Text.Json;
using System.Text.Json.Serialization;

namespace Robotics.Bridge.Conformance;

/// <summary>Every check's result against one server.</summary>
public sealed record ConformanceReport(string Address, string Backend, string Version, IReadOnlyList<ConformanceResult> Results)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public int Passed => Results.Count(r => r.Outcome == ConformanceOutcome.Passed);

    public int Failed => Results.Count(r => r.Outcome == ConformanceOutcome.Failed);

    public int Skipped => Results.Count(r => r.Outcome == ConformanceOutcome.Skipped);

    /// <summary>True when no check failed (skipped checks do not count against the server).</summary>
    public bool AllPassed => Failed == 0 && Results.Count > 0;

    /// <summary>The report as JSON (snake_case, durations in milliseconds) for CI pipelines.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        Address,
        Backend,
        Version,
        Passed,
        Failed,
        Skipped,
        AllPassed,
        Results = Results.Select(r => new { r.Name, r.Area, r.Outcome, r.Detail, DurationMs = Math.Round(r.Duration.TotalMilliseconds, 1) }),
    }, Json);
}
