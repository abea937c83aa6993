using Robotics.Tabletop.Native;

namespace Robotics.Tabletop.Physics;

/// <summary>
/// The tabletop model and, per set of parked objects, a copy in which those objects collide with nothing and are not
/// drawn (<see cref="MujocoModel.WithParked"/>). Parked objects float metres out of view, so they never touch anything
/// and no camera sees them: an env stepped and rendered with its layout's copy gives bit-identical states and images
/// to the full model (pinned by ParkedModelTests), while broadphase and rendering skip the parked geoms. Copies are
/// made on first use (at most one per task) and are shared by every env; thread-safe.
/// </summary>
internal sealed class SceneModels : IDisposable
{
    private readonly SceneIds _ids;
    private readonly bool _parkedOutOfScene;
    private readonly Dictionary<int, MujocoModel> _byParked = [];
    private readonly Lock _lock = new();

    /// <param name="full">The loaded tabletop model; owned from here on.</param>
    /// <param name="parkedOutOfScene">False: every layout steps the full model (the reference path the tests compare against).</param>
    public SceneModels(MujocoModel full, SceneIds ids, bool parkedOutOfScene = true)
    {
        Full = full;
        _ids = ids;
        _parkedOutOfScene = parkedOutOfScene;
    }

    /// <summary>The model as loaded: every object collides and is drawn.</summary>
    public MujocoModel Full { get; }

    /// <summary>The model to step and render <paramref name="layout"/> with.</summary>
    public MujocoModel For(Layout layout)
    {
        if (!_parkedOutOfScene) return Full;
        var (key, parked) = ParkedBodies(layout);
        if (key == 0) return Full;
        lock (_lock)
        {
            if (!_byParked.TryGetValue(key, out var model))
                _byParked[key] = model = Full.WithParked(parked);
            return model;
        }
    }

    /// <summary>The parked objects' bodies, and a key with one bit per parked object.</summary>
    private (int Key, List<int> Bodies) ParkedBodies(Layout layout)
    {
        // The drawer is the cabinet's child, so it parks with it.
        ReadOnlySpan<(bool Parked, int Body)> objects =
        [
            (layout.Can is null, _ids.CanBody), (layout.Green is null, _ids.GreenBody), (layout.Blue is null, _ids.BlueBody),
            (layout.Plate is null, _ids.PlateBody), (layout.Towel is null, _ids.TowelBody), (layout.Basket is null, _ids.BasketBody),
            (layout.Cabinet is null, _ids.CabinetBody),
        ];
        var key = 0;
        var bodies = new List<int>(objects.Length);
        for (var k = 0; k < objects.Length; k++)
        {
            if (!objects[k].Parked) continue;
            key |= 1 << k;
            bodies.Add(objects[k].Body);
        }
        return (key, bodies);
    }

    public void Dispose()
    {
        foreach (var model in _byParked.Values) model.Dispose();
        _byParked.Clear();
        Full.Dispose();
    }
}
