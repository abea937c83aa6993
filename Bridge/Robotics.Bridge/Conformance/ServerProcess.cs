using System.Diagnostics;
using System.Text;

namespace Robotics.Bridge.Conformance;

/// <summary>
/// A simulator server run as a child process that announces itself with one stdout line
/// <c>listening on http://HOST:PORT</c> (the Python adapter and <c>robotics serve-sim</c> both do),
/// so a test or the kit can start one on port 0 and learn where it listens. Disposing kills it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const string Announcement = "listening on ";
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private ServerProcess(Process process, Uri address, StringBuilder stderr)
    {
        _process = process;
        Address = address;
        _stderr = stderr;
    }

    public Uri Address { get; }

    /// <summary>What the server wrote to stderr so far (for failure messages).</summary>
    public string StandardError
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Starts <paramref name="startInfo"/> and waits for its announcement; throws with its stderr if it exits or times out first.</summary>
    public static async Task<ServerProcess> StartAsync(ProcessStartInfo startInfo, TimeSpan timeout, CancellationToken ct = default)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {startInfo.FileName}");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token);
                if (line is null)
                {
                    await process.WaitForExitAsync(CancellationToken.None);
                    throw new InvalidOperationException($"{startInfo.FileName} exited ({process.ExitCode}) before listening: {Text(stderr)}");
                }
                var at = line.IndexOf(Announcement, StringComparison.Ordinal);
                if (at < 0) continue;
                var address = new Uri(line[(at + Announcement.Length)..].Trim());
                // Keep draining stdout so a chatty server never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return new ServerProcess(process, address, stderr);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Kill(process);
            throw new TimeoutException($"{startInfo.FileName} did not print '{Announcement}URL' within {timeout.TotalSeconds:0} s: {Text(stderr)}");
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static string Text(StringBuilder stderr)
    {
        lock (stderr) return stderr.Length == 0 ? "(no stderr)" : stderr.ToString().Trim();
    }
}
