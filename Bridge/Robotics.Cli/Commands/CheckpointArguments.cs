namespace Robotics.Cli.Commands;

/// <summary>Checks a checkpoint option before anything loads, so a mistyped path is a usage error (exit 2) that names it.</summary>
internal static class CheckpointArguments
{
    public static void RequireFolder(string option, string path)
    {
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"{option}: no checkpoint folder at '{path}'");
    }
}
