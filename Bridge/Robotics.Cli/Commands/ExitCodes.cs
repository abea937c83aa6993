namespace Robotics.Cli.Commands;

/// <summary>
/// 0 success, 1 the work failed (or a check did not hold), 2 the command was used wrongly (bad option, missing file),
/// 3 a statistical check could not decide either way (retention-check: more episodes needed).
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Inconclusive = 3;

    /// <summary>Bad options and missing files; an index out of range is a bug inside the program, not the user's mistake.</summary>
    public static bool IsUsageError(Exception e) =>
        e is (ArgumentException and not ArgumentOutOfRangeException) or FileNotFoundException or DirectoryNotFoundException;
}
