using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Robotics.Bridge.Remote;

/// <summary>
/// A simulator server run as a child process that announces itself with one stdout line
/// <c>listening on http://HOST:PORT</c> (the Python adapter and <c>robotics serve-sim</c> both do), so a test, a
/// benchmark or the conformance kit can start one on port 0 and learn where it listens. Disposing kills it. The one
/// launcher for every such process: <see cref="StartServeSimAsync"/> for this repository's own server,
/// <see cref="StartAsync"/> for any other command line.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    private const string Announcement = "listening on ";
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private SimulatorProcess(Process process, Uri address, StringBuilder stderr)
    {
        _process = process;
        Address = address;
        _stderr = stderr;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The address as the bridge's endpoint lists spell it, without a trailing slash: <c>http://127.0.0.1:41234</c>.</summary>
    public string Url => Address.ToString().TrimEnd('/');

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the server wrote to stderr so far (for failure messages).</summary>
    public string StandardError
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary><c>dotnet CLI_DLL serve-sim --port PORT EXTRA_ARGS</c> (0 = a free port), for callers that set its environment before starting it.</summary>
    public static ProcessStartInfo ServeSim(string cliDll, IReadOnlyList<string>? extraArgs = null, int port = 0)
    {
        if (!File.Exists(cliDll)) throw new FileNotFoundException($"The robotics CLI is not built at '{cliDll}'.", cliDll);
        var info = new ProcessStartInfo("dotnet");
        foreach (var arg in (string[])[cliDll, "serve-sim", "--port", port.ToString(CultureInfo.InvariantCulture), .. extraArgs ?? []]) info.ArgumentList.Add(arg);
        return info;
    }

    /// <summary>Runs <see cref="ServeSim"/> and waits (up to <paramref name="startTimeout"/>, default 60 s) for it to listen.</summary>
    public static Task<SimulatorProcess> StartServeSimAsync(string cliDll, IReadOnlyList<string>? extraArgs = null, TimeSpan? startTimeout = null,
        int port = 0, CancellationToken ct = default) =>
        StartAsync(ServeSim(cliDll, extraArgs, port), startTimeout ?? TimeSpan.FromSeconds(60), ct);

    /// <summary>Starts <paramref name="startInfo"/> and waits for its announcement; throws with its stderr if it exits or times out first.</summary>
    public static async Task<SimulatorProcess> StartAsync(ProcessStartInfo startInfo, TimeSpan timeout, CancellationToken ct = default)
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
                return new SimulatorProcess(process, address, stderr);
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

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        Kill(_process);
        _process.WaitForExit(10_000);
    }

    /// <summary>Peak resident set size of the server process (Linux VmHWM; 0 where /proc does not say).</summary>
    public long PeakResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
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
