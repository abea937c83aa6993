namespace Robotics.Cli.Commands;

/// <summary>Where the repository's committed artefacts live, found from the working directory or the program's own location.</summary>
internal static class RepositoryLayout
{
    public static string? Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Robotics.sln"))) return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>The committed base checkpoint of the tiny config, if the repository has one: models/base-tiny (object poses) or models/base-pixels.</summary>
    public static string? CommittedBase(bool objectPoses = true)
    {
        var root = Root();
        return root is null ? null : Path.Combine(root, BaseFolder(objectPoses));
    }

    /// <summary>Where a base of these inputs lives in the repository.</summary>
    public static string BaseFolder(bool objectPoses) => Path.Combine("models", objectPoses ? "base-tiny" : "base-pixels");
}
