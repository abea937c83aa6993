using Robotics.Bridge.Datasets.ManiSkill;

namespace Robotics.Bridge.Tests.Datasets.ManiSkill;

/// <summary>ManiSkill controller actions -> OpenVLA actions, checked against rotation matrices and worked examples.</summary>
public sealed class ManiSkillActionsTests
{
    private static double[,] Multiply(double[,] x, double[,] y)
    {
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                for (var k = 0; k < 3; k++) r[i, j] += x[i, k] * y[k, j];
        return r;
    }

    private static double[,] Rx(double a) => new[,] { { 1, 0, 0 }, { 0, Math.Cos(a), -Math.Sin(a) }, { 0, Math.Sin(a), Math.Cos(a) } };
    private static double[,] Ry(double a) => new[,] { { Math.Cos(a), 0, Math.Sin(a) }, { 0, 1, 0 }, { -Math.Sin(a), 0, Math.Cos(a) } };
    private static double[,] Rz(double a) => new[,] { { Math.Cos(a), -Math.Sin(a), 0 }, { Math.Sin(a), Math.Cos(a), 0 }, { 0, 0, 1 } };

    [Theory]
    [InlineData(0.1, -0.2, 0.3)]
    [InlineData(0.4, 0.3, -0.5)]
    [InlineData(1.2, 0.4, -2.0)]
    [InlineData(0.3, Math.PI / 2, 0.2)]
    [InlineData(0.0, 0.0, 0.0)]
    public void XyzToSxyz_KeepsTheRotationMatrix(double a, double b, double c)
    {
        var (roll, pitch, yaw) = ManiSkillActions.XyzToSxyz(a, b, c);

        var xyz = Multiply(Multiply(Rx(a), Ry(b)), Rz(c));
        var sxyz = Multiply(Multiply(Rz(yaw), Ry(pitch)), Rx(roll));
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++) sxyz[i, j].Should().BeApproximately(xyz[i, j], 1e-9);
    }

    [Fact]
    public void ToOpenVla_WidowXTwin_KeepsMetresAndMapsTheGripperToZeroOne()
    {
        float[] action = [0.01f, -0.02f, 0.03f, 0f, 0f, 0.2f, -1f];

        ManiSkillActions.ToOpenVla(ManiSkillActions.WidowXTwinMode, action);

        action.Should().Equal([0.01f, -0.02f, 0.03f, 0f, 0f, 0.2f, 0f], (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void ToOpenVla_PandaNormalised_ScalesPositionPerAxisAndRotationByNormWithTheRecordedSign()
    {
        // Position: clip to [-1, 1] then 0.1 m; rotation (3, 4, 0) has norm 5 -> (0.6, 0.8, 0) -> times the scale.
        float[] action = [0.5f, -2f, 0f, 3f, 4f, 0f, 1f];
        float[] inverted = [0f, 0f, 0f, 0.5f, 0f, 0f, 1f];

        ManiSkillActions.ToOpenVla(ManiSkillActions.PandaEeDeltaMode, action);
        ManiSkillActions.ToOpenVla(ManiSkillActions.PandaEeDeltaMode, inverted, rotationScale: -0.1);

        action[..3].Should().Equal([0.05f, -0.1f, 0f], (x, y) => Math.Abs(x - y) < 1e-6);
        var (roll, pitch, yaw) = ManiSkillActions.XyzToSxyz(0.06, 0.08, 0);
        action[3..].Should().Equal([(float)roll, (float)pitch, (float)yaw, 1f], (x, y) => Math.Abs(x - y) < 1e-6);
        inverted[3].Should().BeApproximately(-0.05f, 1e-6f);
    }

    [Fact]
    public void AreaResize_AveragesTheCoveredPixelsWeightedByOverlap()
    {
        // One frame, 1x3 -> 1x2: output 0 covers pixel 0 and half of pixel 1 (weights 2/3, 1/3), output 1 the rest.
        byte[] frame = [0, 0, 0, 30, 30, 30, 90, 90, 90];

        var resized = AreaResize.Frames(frame, 1, 1, 3, 1, 2);

        resized.Should().Equal(10, 10, 10, 70, 70, 70);
    }
}
