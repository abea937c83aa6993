using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Robotics.Bridge.Remote;

/// <summary>
/// A simulator server in its own process (<c>robotics serve-sim --port 0</c>): started, its address read from the
/// <c>listening on http://...</c> line it prints, killed on disposal. For benchmarks and tests that need a real
/// process boundary.
/// </summary>
public sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Runs <c>dotnet CLI_DLL serve-sim --port PORT EXTRA_ARGS</c> (0 = a free port) and waits (up to <paramref name="startTimeout"/>) for it to listen.
    /// </summary>
    public static async Task<SimulatorProcess> StartAsync(string cliDll, IReadOnlyList<string>? extraArgs = null, TimeSpan? startTimeout = null,
        int port = 0, CancellationToken ct = default)
    {
        if (!File.Exists(cliDll)) throw new FileNotFoundException($"The robotics CLI is not built at '{cliDll}'.", cliDll);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[cliDll, "serve-sim", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs ?? []]) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success) listening.TrySetResult(match.Groups[1].Value);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(startTimeout ?? TimeSpan.FromSeconds(60));
        try
        {
            var exited = process.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(listening.Task, exited);
            if (first != listening.Task)
            {
                string output;
                lock (log) output = log.ToString();
                throw new InvalidOperationException($"serve-sim exited before listening:\n{output}");
            }
            return new SimulatorProcess(process, await listening.Task);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"serve-sim did not print 'listening on' within {(startTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:F0} s.");
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex ListeningLine();
}
