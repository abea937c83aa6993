using Robotics.Policy.Training;

namespace Robotics.Policy.Tests.Training;

/// <summary>The transition store's gathers: the rows asked for, in the order asked, exactly as the transitions held them.</summary>
public class TransitionSetTests
{
    private const int Size = 2, Proprio = 3;

    private static Transition Step(int i, bool logProbs = true) => new(
        [.. Enumerable.Range(0, Size * Size * 3).Select(k => (byte)(i * 16 + k))], [.. Enumerable.Range(0, Proprio).Select(k => i + 0.1f * k)],
        $"instruction {i}", [.. Enumerable.Range(0, 7).Select(k => i * 10 + k)], "task",
        logProbs ? [.. Enumerable.Range(0, 7).Select(k => -0.5f * (i + k))] : null, Advantage: i * 1.5f, Return: i - 2f, Value: i * 0.25f);

    private static readonly int[] Rows = [3, 0, 3, 1];

    [Fact]
    public void Observations_Indices_GatherTheirRowsInOrder()
    {
        var items = Enumerable.Range(0, 4).Select(i => Step(i)).ToArray();
        var set = new TransitionSet(items, Size, Size, Proprio);

        var batch = set.Observations(Rows);

        batch.BatchSize.Should().Be(Rows.Length);
        batch.Images.Should().Equal(Rows.SelectMany(i => items[i].Image));
        batch.Proprio.Should().Equal(Rows.SelectMany(i => items[i].Proprio));
        batch.Instructions.Should().Equal(Rows.Select(i => items[i].Instruction));
    }

    [Fact]
    public void Tensors_Indices_GatherTheirRowsInOrder()
    {
        var items = Enumerable.Range(0, 4).Select(i => Step(i)).ToArray();
        var set = new TransitionSet(items, Size, Size, Proprio);

        using var bins = set.Bins(Rows);
        using var logProbs = set.OldLogProbs(Rows);
        using var advantages = set.Advantages(Rows);
        using var returns = set.Returns(Rows);
        using var values = set.Values(Rows);

        bins.shape.Should().Equal(Rows.Length, 7);
        bins.data<long>().ToArray().Should().Equal(Rows.SelectMany(i => items[i].Bins.Select(b => (long)b)));
        logProbs.shape.Should().Equal(Rows.Length, 7);
        logProbs.data<float>().ToArray().Should().Equal(Rows.SelectMany(i => items[i].OldLogProbs!));
        advantages.data<float>().ToArray().Should().Equal(Rows.Select(i => items[i].Advantage));
        returns.data<float>().ToArray().Should().Equal(Rows.Select(i => items[i].Return));
        values.data<float>().ToArray().Should().Equal(Rows.Select(i => items[i].Value));
        Rows.Select(set.Advantage).Should().Equal(Rows.Select(i => items[i].Advantage));
    }

    [Fact]
    public void OldLogProbs_RowWithout_Throws()
    {
        var set = new TransitionSet([Step(0), Step(1, logProbs: false)], Size, Size, Proprio);

        using (var first = set.OldLogProbs([0])) first.shape.Should().Equal(1, 7);
        var gather = () => set.OldLogProbs([0, 1]);

        gather.Should().Throw<InvalidOperationException>().WithMessage("transition 1 carries no log-probabilities*");
    }

    [Fact]
    public void Constructor_WrongImageSize_Throws()
    {
        var create = () => new TransitionSet([Step(0)], Size + 1, Size, Proprio);

        create.Should().Throw<ArgumentException>().WithMessage("transition 0 has an image of 12 bytes*");
    }
}
