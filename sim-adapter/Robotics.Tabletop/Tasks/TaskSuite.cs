namespace Robotics.Tabletop.Tasks;

/// <summary>The tabletop's tasks; ids and instructions mirror SimplerEnv and the RL's Razor paper where they can.</summary>
public static class TaskSuite
{
    /// <summary>Every task, in a fixed order.</summary>
    public static IReadOnlyList<TaskDefinition> All { get; } =
    [
        new("pick_can", "pick up the coke can", ["pick", "can"], 40) { ExpertStyles = [Experts.ExpertStyles.SlowHigh] },
        new("open_drawer", "open the drawer", ["drawer", "articulated"], 40),
        new("close_drawer", "close the drawer", ["drawer", "articulated"], 40),
        new("put_on_plate", "put the coke can on the plate", ["pick", "place", "can", "plate"], 60),
        new("put_on_towel", "put the green cube on the towel", ["pick", "place", "cube", "towel"], 60),
        new("stack_cube", "stack the green cube on the blue cube", ["pick", "place", "cube", "stack"], 60),
        new("put_in_basket", "put the blue cube in the basket", ["pick", "place", "cube", "basket"], 60),
        new("move_near", "move the coke can near the green cube", ["pick", "place", "can", "cube"], 60),
    ];

    /// <summary>The task with this id; throws <see cref="ArgumentException"/> naming the valid ids.</summary>
    public static TaskDefinition Get(string id)
    {
        foreach (var task in All)
        {
            if (task.Id == id) return task;
        }
        throw new ArgumentException(
            $"Unknown task '{id}'. Valid tasks: {string.Join(", ", All.Select(t => t.Id))}.", nameof(id));
    }

    /// <summary>Whether <paramref name="id"/> names a task of the suite.</summary>
    public static bool Contains(string id) => All.Any(t => t.Id == id);
}
