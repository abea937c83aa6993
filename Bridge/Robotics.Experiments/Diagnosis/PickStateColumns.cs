namespace Robotics.Experiments.Diagnosis;

/// <summary>
/// Where a pick task's state lies in a recorded proprio row: the hand (tcp x/y/z, finger opening) and, from the
/// simulator's object poses, the target and the distractors (centre x/y/z; the target's uprightness where it has one).
/// Built from the simulator's proprio names, so nothing here hard-codes a column.
/// </summary>
internal sealed record PickStateColumns(int TcpX, int Opening, int TargetX, int? TargetUpright, IReadOnlyList<int> DistractorX)
{
    /// <summary>The target and distractor objects of each pick task the classifier knows, by pose-name prefix.</summary>
    public static readonly IReadOnlyDictionary<string, (string Target, string[] Distractors)> PickTasks =
        new Dictionary<string, (string, string[])> { ["pick_can"] = ("can", ["green"]) };

    /// <summary>The columns for <paramref name="task"/>, or null when it is not a known pick task or a pose is missing.</summary>
    public static PickStateColumns? For(string task, IReadOnlyList<string> proprioNames)
    {
        if (!PickTasks.TryGetValue(task, out var objects)) return null;
        var names = proprioNames.ToList();
        int? Index(string name) => names.IndexOf(name) is var i and >= 0 ? i : null;
        if (Index("tcp_x") is not { } tcp || Index("finger_opening") is not { } opening || Index($"{objects.Target}_x") is not { } target) return null;
        var distractors = objects.Distractors.Select(d => Index($"{d}_x")).ToArray();
        if (distractors.Any(d => d is null)) return null;
        return new PickStateColumns(tcp, opening, target, Index($"{objects.Target}_upright"), [.. distractors.Select(d => d!.Value)]);
    }
}
