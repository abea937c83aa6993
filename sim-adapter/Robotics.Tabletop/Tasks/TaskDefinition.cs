namespace Robotics.Tabletop.Tasks;

/// <summary>A task of the suite: its id, language instruction, tags and episode limit (control steps at 10 Hz).</summary>
public sealed record TaskDefinition(string Id, string Instruction, IReadOnlyList<string> Tags, int MaxEpisodeSteps);
