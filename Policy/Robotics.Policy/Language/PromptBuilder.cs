namespace Robotics.Policy.Language;

/// <summary>OpenVLA's prompt; the instruction is lower-cased as its evaluation code does.</summary>
internal static class PromptBuilder
{
    public static string Build(string instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var text = instruction.Trim().ToLowerInvariant().TrimEnd('.', '?', '!');
        return $"In: What action should the robot take to {text}?\nOut:";
    }
}
