using Robotics.Bridge.Rollouts;

namespace Robotics.Experiments.Tests.Reports;

/// <summary>Synthetic episodes whose frames differ step to step (a square moving across a gradient), with a known outcome.</summary>
internal static class EpisodeFixtures
{
    public static Episode Moving(int steps, bool success, string task = "pick_can", ulong seed = 7, int size = 64)
    {
        var images = new byte[steps * size * size * 3];
        for (var t = 0; t < steps; t++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var p = ((t * size + y) * size + x) * 3;
                    var square = Math.Abs(x - t * size / steps) < 6 && Math.Abs(y - size / 2) < 6;
                    (images[p], images[p + 1], images[p + 2]) = square ? ((byte)220, (byte)30, (byte)30) : ((byte)(x * 3), (byte)(y * 3), (byte)120);
                }
            }
        }
        var rewards = new float[steps];
        if (success) rewards[^1] = 1;
        return new Episode(task, "pick up the coke can", seed, steps, size, size, images, 2, new float[steps * 2],
            Enumerable.Range(0, steps * Episode.ActionDim).Select(i => i * 0.01f).ToArray(), rewards, success, false, false, null);
    }
}
