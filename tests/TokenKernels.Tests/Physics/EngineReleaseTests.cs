using TokenKernels.Calibration;
using TokenKernels.Packing;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Physics;

/// <summary>The engine-release input: its CSV column, its month number, and the early-engine factor on a step.</summary>
public class EngineReleaseTests
{
    [Fact]
    public void EarlyRelease_ScalesTheWholeDecodeStep_NotPrefill_CurrentAndUnstatedDoNot()
    {
        // Synthetic.Dense() on one GPU with the pure-roofline profile (GoldenTests.DenseDecode_...): a decode step at batch 1
        // and a mean context of 1500 tokens reads 146e6 B of weights + 12e6 B of KV at 2e12 B/s = 79 us (memory-bound).
        // With early_engine_step_scale 2 a build of 2025-03 (before the September 2025 cutoff) takes 2 x 79 = 158 us; a build
        // of 2025-09 (the cutoff month itself) and an unstated one (0) stay at 79 us.
        var profile = ProfilePacker.Pack(Synthetic.Roofline() with { EarlyEngineStepScale = 2 });
        var hw = HardwarePacker.Pack(Synthetic.Gpu());
        var m = ModelPacker.Pack(Synthetic.Dense());
        var layout = Layout.Of(1, 1, 1, 1, 1);
        var d = DeploymentPacker.Pack(Synthetic.OneGpu(), Synthetic.Chat(), hw);
        double kvTokenLayers = 1500.0 * 10;

        double Decode(int month) => ForwardPass.Step(
            ForwardPass.Coefficients(hw, m, layout, d with { EngineReleaseMonth = month }, profile, prefill: false), 1, 1, 1, kvTokenLayers, 1).Seconds;

        Tolerance.Near(79e-6, Decode(0), what: "unstated release");
        Tolerance.Near(158e-6, Decode(EngineRelease.Month(2025, 3)), what: "2025-03 build");
        Tolerance.Near(79e-6, Decode(EngineRelease.Month(2025, 9)), what: "2025-09 build");
        Tolerance.Near(79e-6, Decode(EngineRelease.Month(2026, 2)), what: "2026-02 build");

        // Prefill of 1000 tokens, compute-bound: GEMMs 2 x 1000 x 144e6 / 2e15 = 144 us, scores 2 x 1000 x 10 x 200 x
        // (500 x 10) / 1e15 = 20 us, LM head 2 x 1e6 / 1e15 = 0.002 us: 164.002 us, for the early build as well (the factor
        // is decode's).
        double Prefill(int month) => ForwardPass.Step(
            ForwardPass.Coefficients(hw, m, layout, d with { EngineReleaseMonth = month }, profile, prefill: true), 1000, 1, 1, 500.0 * 10, 1000).Seconds;
        Tolerance.Near(164.002e-6, Prefill(0), what: "prefill, unstated");
        Tolerance.Near(164.002e-6, Prefill(EngineRelease.Month(2025, 3)), what: "prefill, 2025-03 build");
    }

    [Fact]
    public void Month_IsYearTimes12PlusMonthLessOne_AndTheCutoffIsSeptember2025()
    {
        // 2025-09: 2025 x 12 + 8 = 24,308; 2024-01: 2024 x 12 + 0 = 24,288.
        Assert.Equal(24308, EngineRelease.Month(2025, 9));
        Assert.Equal(24288, EngineRelease.Month(2024, 1));
        Assert.Equal(24308, EngineRelease.CurrentGenerationMonth);
        Assert.Equal(1.7, EngineRelease.StepScale(EngineRelease.Month(2025, 8), 1.7));
        Assert.Equal(1.0, EngineRelease.StepScale(0, 1.7));
    }

    [Fact]
    public void CsvColumn_ReadsAYearMonth_EmptyIsUnstated_BadValuesNameTheColumn()
    {
        var rows = MeasurementCsv.Parse("id,hardware,model,phase,engine_release,tok_s_user\na,h200,deepseek-r1,e2e,2025-03,100\nb,h200,deepseek-r1,e2e,,100\n");
        // 2025-03: 2025 x 12 + 2 = 24,302.
        Assert.Equal(24302, rows[0].EngineRelease);
        Assert.Null(rows[1].EngineRelease);

        foreach (string bad in new[] { "2025-13", "2025-00", "2025-3", "25-03", "2025/03", "March 2025", "2025-03-01", "1999-12" })
        {
            var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse($"id,hardware,model,phase,engine_release,tok_s_user\na,h200,deepseek-r1,e2e,{bad},100\n"));
            Assert.Equal("engine_release", e.Column);
        }
    }

    [Fact]
    public void Column_SitsAfterOslDistributionAndBeforeNotes()
    {
        // Published order: ..., fp8_attention, osl_distribution, engine_release, notes (the burst and era2 columns, merged).
        var columns = MeasurementCsv.Columns.ToList();
        Assert.Equal(columns.IndexOf("osl_distribution") + 1, columns.IndexOf("engine_release"));
        Assert.Equal(columns.IndexOf("engine_release") + 1, columns.IndexOf("notes"));
    }

    [Fact]
    public void ShippedProfile_AndJson_CarryTheScale_ValidateRejectsBelowOne()
    {
        var roundTrip = ProfileJson.Read(ProfileJson.Write(EfficiencyProfile.Priors with { EarlyEngineStepScale = 1.37 }));
        Assert.Equal(1.37, roundTrip.EarlyEngineStepScale);
        Assert.Throws<ArgumentException>(() => (EfficiencyProfile.Priors with { EarlyEngineStepScale = 0.9 }).Validate());
    }
}
