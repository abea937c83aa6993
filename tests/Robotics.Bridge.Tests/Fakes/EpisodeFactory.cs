using Robotics.Bridge.Datasets;
using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Tests.Fakes;

/// <summary>Small synthetic episodes for dataset tests: values derived from the seed so round trips are checkable.</summary>
internal static class EpisodeFactory
{
    public static Episode Make(ulong seed, int steps = 5, int size = 8, bool success = true, bool actorSteps = false)
    {
        var random = new Random((int)seed);
        var images = new byte[steps * size * size * 3];
        random.NextBytes(images);
        float[] Floats(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        return new Episode("pick_can", "pick up the coke can", seed, steps, size, size, images, 7, Floats(steps * 7),
            Floats(steps * 7), Floats(steps), success, PhysicsError: false, Aborted: false,
            actorSteps ? [.. Enumerable.Range(0, steps).Select(_ => new ActorStep([.. Enumerable.Range(0, 7).Select(_ => random.Next(256))], Floats(7)))] : null);
    }

    public static DatasetHeader Header(int size = 8) => new()
    {
        Backend = "fake", Tasks = ["pick_can"], ImageHeight = size, ImageWidth = size, ProprioDim = 7, ControlHz = 10, Source = "test",
    };
}
