using System.Text.Json.Serialization;

namespace Robotics.Experiments.Retention;

/// <summary>The gate's overall answer, one exit code each (0, 1 and 3 in the CLI).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GateOutcome>))]
public enum GateOutcome
{
    Pass,
    Fail,
    Inconclusive,
}
