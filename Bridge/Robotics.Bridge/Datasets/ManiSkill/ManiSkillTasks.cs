namespace Robotics.Bridge.Datasets.ManiSkill;

/// <summary>
/// The instruction and control rate of the ManiSkill3 tasks the Python adapter serves, for imports that do not name them:
/// the twins' <c>get_language_instruction()</c> (mani_skill/envs/tasks/digital_twins/bridge_dataset_eval/put_on_in_scene.py) at
/// 5 Hz, the Panda picks at 20 Hz with the adapter's own wording (sim-adapter/python .../maniskill3_tasks.py).
/// </summary>
internal static class ManiSkillTasks
{
    public static readonly IReadOnlyDictionary<string, (string Instruction, double ControlHz)> Known = new Dictionary<string, (string, double)>
    {
        ["PutCarrotOnPlateInScene-v1"] = ("put carrot on plate", 5),
        ["PutSpoonOnTableClothInScene-v1"] = ("put the spoon on the towel", 5),
        ["StackGreenCubeOnYellowCubeBakedTexInScene-v1"] = ("stack the green block on the yellow block", 5),
        ["PutEggplantInBasketScene-v1"] = ("put eggplant into yellow basket", 5),
        ["PickCube-v1"] = ("pick up the cube and move it to the goal", 20),
        ["PickSingleYCB-v1"] = ("pick up the object and move it to the goal", 20),
    };
}
