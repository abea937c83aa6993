using System.Diagnostics;
using System.Text.Json;

namespace Robotics.Bridge.Tests.Datasets.LeRobot;

/// <summary>
/// Reads a Parquet file with hyparquet on Node (tests/parquet-reader, installed by scripts/setup.sh): a second
/// implementation, so a file Parquet.Net can read only because Parquet.Net wrote it does not pass.
/// </summary>
internal static class Hyparquet
{
    public static async Task<JsonDocument> ReadAsync(string parquet)
    {
        var reader = Path.Combine(RepositoryRoot(), "tests", "parquet-reader");
        if (!Directory.Exists(Path.Combine(reader, "node_modules", "hyparquet")))
            throw new InvalidOperationException($"hyparquet is not installed in {reader}: run scripts/setup.sh (npm ci there)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = reader };
        start.ArgumentList.Add(Path.Combine(reader, "read.mjs"));
        start.ArgumentList.Add(parquet);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (scripts/setup.sh installs nodejs)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"hyparquet could not read {parquet}: {await stderr}");
        return JsonDocument.Parse(await stdout);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Robotics.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Robotics.sln above {AppContext.BaseDirectory}");
    }
}
