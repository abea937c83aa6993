using Robotics.Bridge.Rollouts;

namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>
/// A ManiSkill demonstration file (<c>trajectory.h5</c> + <c>.json</c>) -> the project's episode dataset: per step the
/// observation before the action (camera RGB, <c>obs/agent/qpos</c>), the action converted to OpenVLA's space
/// (<see cref="ManiSkillActions"/>), the recorded reward (the step's success when none was recorded); the episode's success is
/// the JSON's <c>success</c> (else the last step's). The last observation (after the last action) is dropped.
/// </summary>
public static class ManiSkillDatasetImport
{
    /// <summary>What an import wrote.</summary>
    public sealed record Result(string Path, int Episodes, long Steps, int Successes, int Skipped, DatasetHeader Header);

    public static Result Import(string trajectoryPath, string outputPath, ManiSkillImportOptions options)
    {
        options.Validate();
        using var file = ManiSkillTrajectoryFile.Open(trajectoryPath);
        var envId = file.Metadata.EnvInfo.EnvId;
        var controlMode = file.ControlMode;
        if (!ManiSkillActions.Supported.Contains(controlMode)) ManiSkillActions.ToOpenVla(controlMode, new float[Episode.ActionDim]);   // throws, saying how to convert
        var camera = options.Camera ?? OnlyCamera(file);
        ManiSkillTasks.Known.TryGetValue(envId, out var known);
        var instruction = options.Instruction ?? known.Instruction
            ?? throw new ArgumentException($"ManiSkill env {envId} has no known instruction; pass --instruction");
        var task = options.Task ?? envId;
        if (file.Metadata.Episodes.Count == 0) throw new InvalidDataException($"{file.Path}: its JSON lists no episodes");

        DatasetHeader? header = null;
        EpisodeDatasetWriter? writer = null;
        int episodes = 0, successes = 0, skipped = 0;
        long steps = 0;
        try
        {
            foreach (var info in file.Metadata.Episodes)
            {
                var episode = ToEpisode(file.Read(info, camera), controlMode, task, instruction, options);
                if (options.SuccessesOnly && !episode.Success)
                {
                    skipped++;
                    continue;
                }
                if (writer is null)
                {
                    header = new DatasetHeader
                    {
                        Backend = "maniskill3", Tasks = [task], Camera = camera, ImageHeight = episode.ImageHeight, ImageWidth = episode.ImageWidth,
                        ProprioDim = episode.ProprioDim, ControlHz = known.ControlHz,
                        ActionSpace = $"OpenVLA: delta end-effector xyz (m) and sxyz roll/pitch/yaw (rad), gripper 1 open 0 closed; converted from ManiSkill {controlMode}",
                        Source = $"ManiSkill demonstrations {System.IO.Path.GetFileName(file.Path)} ({envId}, {controlMode}" +
                                 (file.Metadata.SourceType is { } s ? $", {s}" : "") + ")",
                    };
                    writer = EpisodeDatasetWriter.Create(outputPath, header);
                }
                if (episode.ProprioDim != header!.ProprioDim || episode.ImageHeight != header.ImageHeight || episode.ImageWidth != header.ImageWidth)
                    throw new InvalidDataException($"episode {info.EpisodeId} has images {episode.ImageHeight}x{episode.ImageWidth} and proprio {episode.ProprioDim}, " +
                                                   $"the first had {header.ImageHeight}x{header.ImageWidth} and {header.ProprioDim}; pass --image-size to make them agree");
                writer.Write(episode);
                episodes++;
                steps += episode.Steps;
                if (episode.Success) successes++;
            }
            if (writer is null) throw new InvalidDataException($"{file.Path}: none of its {skipped} episodes succeeded (--successes-only)");
            writer.Complete();
        }
        finally
        {
            writer?.Dispose();
        }
        return new Result(System.IO.Path.GetFullPath(outputPath), episodes, steps, successes, skipped, header!);
    }

    /// <summary>One stored trajectory as an episode (see the class doc).</summary>
    public static Episode ToEpisode(ManiSkillEpisodeData data, string controlMode, string task, string instruction, ManiSkillImportOptions options)
    {
        if (data.ActionDim != Episode.ActionDim)
            throw new InvalidDataException($"episode {data.Info.EpisodeId} has {data.ActionDim}-D actions; only {Episode.ActionDim}-D end-effector controllers convert ({string.Join(", ", ManiSkillActions.Supported)})");
        var t = data.Steps;
        var actions = data.Actions.AsSpan(0, t * Episode.ActionDim).ToArray();
        for (var s = 0; s < t; s++) ManiSkillActions.ToOpenVla(controlMode, actions.AsSpan(s * Episode.ActionDim, Episode.ActionDim), options.RotationScale);
        var frameBytes = data.Height * data.Width * 3;
        var frames = data.Rgb.AsSpan(0, t * frameBytes);
        var (height, width) = options.ImageSize is { } size ? (size, size) : (data.Height, data.Width);
        var images = AreaResize.Frames(frames, t, data.Height, data.Width, height, width);
        var proprio = data.Qpos.AsSpan(0, t * data.ProprioDim).ToArray();
        var rewards = data.Rewards?.ToArray() ?? data.Success.Select(s => s ? 1f : 0f).ToArray();
        var success = data.Info.Success ?? (t > 0 && data.Success[t - 1]);
        return new Episode(task, instruction, data.Info.Seed(), t, height, width, images, data.ProprioDim, proprio, actions, rewards,
            success, PhysicsError: false, Aborted: false, ActorSteps: null);
    }

    private static string OnlyCamera(ManiSkillTrajectoryFile file)
    {
        var cameras = file.Cameras();
        return cameras.Count switch
        {
            1 => cameras[0],
            0 => throw new InvalidDataException($"{file.Path} has no camera RGB in its observations; replay it with images: " +
                                                $"python -m mani_skill.trajectory.replay_trajectory --traj-path {file.Path} -o rgb --save-traj"),
            _ => throw new ArgumentException($"{file.Path} has cameras {string.Join(", ", cameras)}; pick one with --camera"),
        };
    }
}
