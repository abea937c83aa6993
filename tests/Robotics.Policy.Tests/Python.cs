using System.Diagnostics;

namespace Robotics.Policy.Tests;

/// <summary>Runs Debian's /usr/bin/python3 (numpy, sentencepiece, torch) to write reference values for a test.</summary>
internal static class Python
{
    public static string Run(string script, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", "-")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        using var process = Process.Start(info)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) { process.Kill(); throw new TimeoutException("python3 ran over 120 s"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"python3 failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }
}

/// <summary>A temporary directory deleted with the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policy-tests-" + Guid.NewGuid().ToString("N"));
    public string this[string name] => System.IO.Path.Combine(Path, name);
    public void Dispose() { if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true); }
}
