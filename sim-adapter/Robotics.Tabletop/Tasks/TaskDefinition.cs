namespace Robotics.Tabletop.Tasks;

/// <summary>
/// A task of the suite: its id, language instruction, tags, episode limit (control steps at 10 Hz) and the styles its
/// scripted expert offers besides the default one (see <see cref="Experts.ExpertStyles"/>).
/// </summary>
public sealed record TaskDefinition(string Id, string Instruction, IReadOnlyList<string> Tags, int MaxEpisodeSteps)
{
    public IReadOnlyList<string> ExpertStyles { get; init; } = [];
}
