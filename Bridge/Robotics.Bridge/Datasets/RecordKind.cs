using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets;

/// <summary>Record kinds of an episode dataset: one header, episodes, then one end marker.</summary>
internal enum RecordKind : byte
{
    Header = 0,
    Episode = 1,
    End = 2,
}
