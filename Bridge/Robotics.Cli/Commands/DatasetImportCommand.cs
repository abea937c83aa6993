using System.CommandLine;
using System.Globalization;
using Robotics.Bridge.Datasets.ManiSkill;
using Robotics.Bridge.Rollouts;
using Robotics.Policy.Language;

namespace Robotics.Cli.Commands;

/// <summary>
/// <c>robotics dataset import SOURCE --format maniskill|lerobot --out F</c>: another project's demonstrations as an
/// episode dataset (ManiSkill3's trajectory.h5 + .json, or a LeRobot v2.1 dataset folder).
/// </summary>
internal static class DatasetImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("SOURCE") { Description = "maniskill: the trajectory .h5 (its .json beside it), e.g. trajectory.rgb.pd_ee_delta_pose.physx_cuda.h5; lerobot: the dataset folder (holding meta/info.json)." };
        var format = new Option<string>("--format") { Description = "The source's format: maniskill (ManiSkill3's trajectory.h5 + .json) or lerobot (LeRobot v2.1, images in the Parquet files)", Required = true };
        format.AcceptOnlyFromAmong("maniskill", "lerobot");
        var output = new Option<string>("--out") { Description = "Episode dataset to write (.msgpack)", Required = true };
        var camera = new Option<string?>("--camera") { Description = "Camera whose RGB becomes the images (default: the file's only camera)" };
        var task = new Option<string?>("--task") { Description = "Task id the episodes carry, as train --task and the simulator name it (default: the file's env id)" };
        var instruction = new Option<string?>("--instruction") { Description = "The episodes' instruction (default: the instruction of the ManiSkill task, for the tasks the adapter serves)" };
        var imageSize = new Option<int?>("--image-size") { Description = "Area-resize images to this square size, the policy's image size (default: keep the recorded size)" };
        var rotationScale = new Option<double>("--rotation-scale")
        {
            Description = "pd_ee_delta_pose only: what the controller multiplied a normalised rotation by when the demos were recorded (-0.1 for mani-skill 3.0.1, which inverts it)",
            DefaultValueFactory = _ => 0.1,
        };
        var successesOnly = new Option<bool>("--successes-only") { Description = "Keep only the episodes that succeeded" };
        var command = new Command("import", "Convert demonstrations from another format into an episode dataset (actions into OpenVLA's end-effector deltas).")
        {
            file, format, output, camera, task, instruction, imageSize, rotationScale, successesOnly,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(format) == "lerobot") return await LeRobotDatasetCommands.ImportAsync(parse.GetValue(file)!, parse.GetValue(output)!, ct);
            var options = new ManiSkillImportOptions
            {
                Camera = parse.GetValue(camera), Task = parse.GetValue(task), Instruction = parse.GetValue(instruction),
                ImageSize = parse.GetValue(imageSize), RotationScale = parse.GetValue(rotationScale), SuccessesOnly = parse.GetValue(successesOnly),
            };
            var result = ManiSkillDatasetImport.Import(parse.GetValue(file)!, parse.GetValue(output)!, options);
            var h = result.Header;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Path}: {result.Episodes} episodes ({result.Successes} successes, {result.Skipped} skipped), {result.Steps} steps, " +
                $"task {h.Tasks[0]}, camera {h.Camera} {h.ImageHeight}x{h.ImageWidth}, proprio {h.ProprioDim}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
