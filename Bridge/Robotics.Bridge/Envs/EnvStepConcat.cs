using Robotics.Sim.V1;

namespace Robotics.Bridge.Envs;

/// <summary>Concatenates the steps of several env groups along the env axis.</summary>
internal static class EnvStepConcat
{
    public static EnvStep Concat(IReadOnlyList<EnvStep> parts)
    {
        if (parts.Count == 1) return parts[0];
        var first = parts[0];
        var hasExpert = parts.All(p => p.ExpertActions is not null);
        var hasShaping = parts.All(p => p.ShapedReward is not null);
        // Each field the same way: kept when every group carries it, so a wrist camera survives a fleet of servers.
        var hasWrist = parts.All(p => p.WristImages is not null);
        return new EnvStep(parts.Sum(p => p.NumEnvs), first.ImageHeight, first.ImageWidth, Join(parts, p => p.Images),
            first.ProprioDim, Join(parts, p => p.Proprio), Join(parts, p => p.Instructions), Join(parts, p => p.Tasks),
            Join(parts, p => p.Reward), Join(parts, p => p.Terminated), Join(parts, p => p.Truncated), Join(parts, p => p.Success),
            Join(parts, p => p.PhysicsError), Join(parts, p => p.ElapsedSteps), Join(parts, p => p.EpisodeSeeds),
            hasExpert ? Join(parts, p => p.ExpertActions!) : null, hasShaping ? Join(parts, p => p.ShapedReward!) : null,
            hasWrist ? Join(parts, p => p.WristImages!) : null)
        {
            StyledExpertActions = first.StyledExpertActions.Keys.Where(style => parts.All(p => p.StyledExpertActions.ContainsKey(style)))
                .ToDictionary(style => style, style => Join(parts, p => p.StyledExpertActions[style])),
        };
    }

    private static T[] Join<T>(IReadOnlyList<EnvStep> parts, Func<EnvStep, T[]> field)
    {
        var result = new T[parts.Sum(p => field(p).Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            var values = field(part);
            values.CopyTo(result, offset);
            offset += values.Length;
        }
        return result;
    }
}
