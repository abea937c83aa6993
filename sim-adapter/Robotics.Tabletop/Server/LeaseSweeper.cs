using Microsoft.Extensions.Hosting;

namespace Robotics.Tabletop.Server;

/// <summary>Frees sessions whose client went away: checks the leases a few times per lease period.</summary>
internal sealed class LeaseSweeper(SessionStore store, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(store.Lease.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(10).Ticks));
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            store.ExpireIdle();
    }
}
