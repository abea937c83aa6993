using System.Diagnostics;
using Spectre.Console;

namespace Robotics.Bridge.Rollouts;

/// <summary>
/// Counts episodes, successes and env steps of a collection (thread-safe) and, when enabled, shows them live on the
/// console with Spectre.Console: a progress bar of episodes with success so far and env steps per second.
/// </summary>
internal sealed class CollectionProgress : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _display;
    private long _steps;
    private int _episodes;
    private int _successes;
    private int _aborted;

    public CollectionProgress(string label, int total, bool show)
    {
        _display = show ? Task.Run(() => ShowAsync(label, total)) : Task.CompletedTask;
    }

    /// <summary>Shows progress when asked to, or by default when stdout is an interactive terminal.</summary>
    public static bool ShouldShow(bool? requested) =>
        requested ?? (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    public void AddSteps(int envSteps) => Interlocked.Add(ref _steps, envSteps);

    public void AddEpisode(Episode episode)
    {
        if (episode.Aborted)
        {
            Interlocked.Increment(ref _aborted);
            return;
        }
        Interlocked.Increment(ref _episodes);
        if (episode.Success) Interlocked.Increment(ref _successes);
    }

    public string Describe()
    {
        var episodes = Volatile.Read(ref _episodes);
        var rate = episodes == 0 ? 0 : 100.0 * Volatile.Read(ref _successes) / episodes;
        var stepsPerSecond = Interlocked.Read(ref _steps) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var aborted = Volatile.Read(ref _aborted);
        return $"{episodes} episodes, success {rate:F0}%, {stepsPerSecond:F0} steps/s" + (aborted > 0 ? $", {aborted} aborted" : "");
    }

    private async Task ShowAsync(string label, int total)
    {
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: Math.Max(total, 1));
                while (true)
                {
                    task.Value = Volatile.Read(ref _episodes);
                    task.Description = Markup.Escape($"{label}: {Describe()}");
                    if (_stop.IsCancellationRequested) break;
                    try { await Task.Delay(250, _stop.Token); } catch (OperationCanceledException) { }
                }
            });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _display;
        _stop.Dispose();
    }
}
