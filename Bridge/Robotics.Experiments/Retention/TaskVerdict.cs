using System.Text.Json.Serialization;

namespace Robotics.Experiments.Retention;

/// <summary>What the gate concluded about one held-out task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskVerdict>))]
public enum TaskVerdict
{
    /// <summary>The margin's lower bound is at or above 0: shown to keep at least --min-retention of the base's success.</summary>
    Holds,
    /// <summary>The margin's upper bound is below 0: the drop below --min-retention is significant.</summary>
    Forgot,
    /// <summary>The episodes cannot tell: the interval straddles the threshold.</summary>
    Inconclusive,
    /// <summary>The base never succeeded in any episode: there is no skill to forget, and the task does not block the gate.</summary>
    NothingToForget,
}
