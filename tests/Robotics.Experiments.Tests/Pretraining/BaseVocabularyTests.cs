using Robotics.Bridge.Envs;
using Robotics.Experiments.Pretraining;

namespace Robotics.Experiments.Tests.Pretraining;

public sealed class BaseVocabularyTests
{
    private static EnvSpec Spec(params string[] instructions) =>
        new("remote", 1, 32, 32, 8, 7, ["PutCarrotOnPlateInScene-v1"], false, true, true, 5) { TaskInstructions = instructions };

    [Fact]
    public void Vocabulary_RemoteSimulator_HasTheWordsOfItsTasksNotTheTabletops()
    {
        var tokenizer = BasePolicyTrainer.Vocabulary(["put carrot on plate"], Spec("put carrot on plate", "put eggplant into yellow basket"), 512);

        tokenizer.Words.Should().Contain(["carrot", "eggplant", "basket"], "a task the simulator offers has ids for its words before any demo of it");
        tokenizer.Words.Should().NotContain("drawer", "the tabletop's tasks are not this simulator's");
    }

    [Fact]
    public void Vocabulary_SimulatorSaysNothing_KeepsTheDemonstrationsWords()
    {
        var tokenizer = BasePolicyTrainer.Vocabulary(["pick coke can"], Spec(), 512);

        tokenizer.Words.Should().Contain(["pick", "coke", "can"]);
    }
}
