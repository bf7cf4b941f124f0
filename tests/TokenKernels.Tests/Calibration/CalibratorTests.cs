using System.Globalization;
using TokenKernels;
using TokenKernels.Calibration;
using Xunit;

namespace TokenKernels.Tests.Calibration;

public class CalibratorTests
{
    // The profile the synthetic "measurements" come from: the priors with three parameters moved well away from them.
    private static readonly EfficiencyProfile Truth = EfficiencyProfile.Priors with
    {
        DecodeMemoryEfficiency = 0.6,
        PrefillComputeEfficiency = 0.4,
        StepOverhead = Duration.FromMilliseconds(3),
    };

    private static readonly int[] Batches = [1, 4, 16, 64];
    private static readonly int[] PromptLengths = [2000, 8000];

    /// <summary>
    /// Decode-only rows (8B and 70B on one H200 at batches 1-64: overhead- and memory-bound steps) and prefill-only rows
    /// (compute-bound), each measured as the model predicts under <see cref="Truth"/> times a seeded +-3% error.
    /// </summary>
    private static List<Measurement> SyntheticRows()
    {
        var random = new Random(42);
        double Noise() => 1 + (0.06 * (random.NextDouble() - 0.5));
        var stated = new List<Measurement>();
        foreach (string model in new[] { "llama-3.1-8b", "llama-3.3-70b" })
        {
            foreach (int batch in Batches)
            {
                stated.Add(new Measurement
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"{model}-decode-{batch}"),
                    Source = "synthetic-" + model,
                    Hardware = "h200",
                    Model = model,
                    Weights = Precision.Fp8,
                    KvCache = Precision.Fp8,
                    Phase = MeasurementPhase.Decode,
                    Disaggregated = true,
                    Gpus = 1,
                    PrefillGpus = 1,
                    DecodeGpus = 1,
                    Tp = 1,
                    Isl = 1000,
                    Osl = 1000,
                    BatchPerGpu = batch,
                    Mtp = 0,
                    OutputTokSGpu = 1,
                });
            }

            foreach (int isl in PromptLengths)
            {
                stated.Add(new Measurement
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"{model}-prefill-{isl}"),
                    Source = "synthetic-" + model,
                    Hardware = "h200",
                    Model = model,
                    Weights = Precision.Fp8,
                    KvCache = Precision.Fp8,
                    Phase = MeasurementPhase.Prefill,
                    Disaggregated = true,
                    Gpus = 1,
                    PrefillGpus = 1,
                    DecodeGpus = 1,
                    Tp = 1,
                    Isl = isl,
                    Osl = 100,
                    InputTokSGpu = 1,
                });
            }
        }

        var truth = Validation.Run(stated, Truth);
        return [.. stated.Zip(truth.Rows, (row, predicted) => row.Phase == MeasurementPhase.Decode
            ? row with { OutputTokSGpu = predicted.Metrics[0].Predicted * Noise() }
            : row with { InputTokSGpu = predicted.Metrics[0].Predicted * Noise() })];
    }

    [Fact]
    public void Fit_RecoversTheParametersThatGeneratedNoisyMeasurements()
    {
        var rows = SyntheticRows();

        // A weak pull to the priors: this checks the data identifies the parameters, not how hard the default regularises.
        var fit = Calibrator.Fit(rows, new CalibrationOptions { MaxEvaluations = 2500, PriorWeight = 0.002 }, "synthetic");

        // 3% noise on 12 rows moves a log-error fit by a few percent; 12% leaves room for the prior pull on the others.
        Assert.Equal(rows.Count, fit.Rows);
        Assert.InRange(fit.Profile.DecodeMemoryEfficiency, 0.6 / 1.12, 0.6 * 1.12);
        Assert.InRange(fit.Profile.PrefillComputeEfficiency, 0.4 / 1.12, 0.4 * 1.12);
        Assert.InRange(fit.Profile.StepOverhead.Milliseconds, 3 / 1.2, 3 * 1.2);

        // No row has experts, FP4 or more than one GPU: the data cannot see these, so the prior pull keeps them at the priors.
        Assert.Equal(EfficiencyProfile.Priors.MoeImbalance, fit.Profile.MoeImbalance, 0.02);
        Assert.Equal(EfficiencyProfile.Priors.Fp4ComputeScale, fit.Profile.Fp4ComputeScale, 0.02);
        Assert.Equal(EfficiencyProfile.Priors.Fp4MemoryScale, fit.Profile.Fp4MemoryScale, 0.02);
        Assert.Equal(EfficiencyProfile.Priors.CollectiveEfficiency, fit.Profile.CollectiveEfficiency, 0.02);

        // Started from the priors (0.8, 0.6, 1.5 ms), so the fit must have moved each one most of the way.
        var priors = Validation.Run(rows, EfficiencyProfile.Priors).Summary[0];
        var fitted = fit.InSample.Summary[0];
        Assert.True(priors.MedianAbsPctError > 15, $"priors should be clearly off (were {priors.MedianAbsPctError:0.0}%)");
        Assert.True(fitted.MedianAbsPctError < 4, $"fitted median error {fitted.MedianAbsPctError:0.0}% should be within the noise");
        Assert.Contains("synthetic", fit.Profile.Provenance, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossValidation_PredictsEachSourceWithAProfileFittedOnTheOthers()
    {
        var rows = SyntheticRows();

        var cv = Calibrator.CrossValidate(rows, new CalibrationOptions { MaxEvaluations = 600 });

        Assert.Equal(2, cv.Folds.Count);
        Assert.Equal(rows.Count, cv.HeldOut.Rows.Count);
        Assert.All(cv.HeldOut.Rows, r => Assert.Null(r.Error));

        // Both sources come from one profile, so a fit on one model transfers to the other within tens of percent.
        Assert.True(cv.HeldOut.Summary[0].MedianAbsPctError < 30);
    }

    [Fact]
    public void CrossValidation_AlsoHoldsOutEachEngine_WhenRowsComeFromSeveral()
    {
        // The 8B rows labelled as SGLang runs, the 70B rows as TensorRT-LLM runs: two sources and two engines, one vendor.
        var rows = SyntheticRows().Select(r => r with { Id = r.Id + (r.Model == "llama-3.1-8b" ? "-sglang" : "-trt") }).ToList();

        var cv = Calibrator.CrossValidate(rows, new CalibrationOptions { MaxEvaluations = 600 });

        // 2 source folds + 2 engine folds; one vendor, so no vendor folds and no vendor report.
        Assert.Equal(["engine", "engine", "source", "source"], cv.Folds.Select(f => f.Protocol).Order());
        Assert.Null(cv.HeldOutByVendor);
        var byEngine = Assert.IsType<ValidationReport>(cv.HeldOutByEngine);
        Assert.Equal(rows.Count, byEngine.Rows.Count);
        Assert.Equal(["sglang / llama / NVIDIA", "tensorrt-llm / llama / NVIDIA"], byEngine.ByStack.Select(g => g.Group));
    }

    [Theory]
    [InlineData("IXB-DSR1-1k/1k-MI355X-mori-sglang", "SemiAnalysisAI/InferenceX-app/x.mdx", "sglang")]
    [InlineData("IXG-GB200-c8", "SemiAnalysisAI/InferenceX-app/gb200-nvl72-vs-b200-disagg-deepseek-r1-fp4-dynamo-trt.mdx", "tensorrt-llm")]
    [InlineData("TRTPO-Llama3.18B-H200-TP1-500-2000", "NVIDIA/TensorRT-LLM/docs/source/performance/perf-overview.md", "tensorrt-llm")]
    [InlineData("L96-prefill-1K", "https://lmsys.org/blog/2025-05-05-large-scale-ep/", "sglang")]
    [InlineData("VLLM-GB200-decode", "https://blog.vllm.ai/2026/02/03/dsr1-gb200-part1.html", "vllm")]
    [InlineData("IXB-GPTOSS-1k/1k-MI355X-atom", "SemiAnalysisAI/InferenceX-app/x.mdx", "atom")]
    [InlineData("DS6-prefill", "deepseek-ai/open-infra-index/x.md", "deepseek")]
    [InlineData("IXB-extra-dsr1-B200--5856.9", "SemiAnalysisAI/InferenceX-app/x.mdx", "unknown")]
    public void Engine_IsReadFromTheRowsIdAndSource(string id, string source, string engine) =>
        Assert.Equal(engine, RowGroups.Engine(new Measurement { Id = id, Source = source, Hardware = "h200", Model = "deepseek-r1" }));

    [Theory]
    [InlineData("DSTK-H200-vllm-c8", "vllm")]
    [InlineData("DSTK-H200-trt-llm-c8", "tensorrt-llm")]
    [InlineData("DSTK-H200-c8", "sglang")]
    public void Engine_NamedInTheId_WinsOverTheBenchmarkClientNamedInTheNotes(string id, string engine) =>
        Assert.Equal(engine, RowGroups.Engine(new Measurement
        {
            Id = id,
            Source = "dstackai/benchmarks/Deepseek-R1/raw_data/online_results.csv",
            Hardware = "h200",
            Model = "deepseek-r1",
            Notes = "launch --tp 8; SGLang bench_serving, random dataset",
        }));

    [Theory]
    [InlineData("NVIDIA/TensorRT-LLM/docs/source/performance/perf-overview.md@abc", "llama-3.1-70b", null, null, RowGroups.PerfOverviewKind)]
    [InlineData("NVIDIA/TensorRT-LLM/docs/source/performance/perf-overview.md@abc", "deepseek-r1", null, null, RowGroups.PerfOverviewKind)]
    [InlineData("NVIDIA/TensorRT-LLM/docs/source/blogs/tech_blog/blog3_x.md", "deepseek-r1", null, null, RowGroups.TrtLlmDeepSeekKind)]
    [InlineData("NVIDIA/TensorRT-LLM/docs/source/blogs/tech_blog/blog9_x.md", "llama-3.3-70b", null, null, RowGroups.OtherKind)]
    [InlineData("SemiAnalysisAI/InferenceX-app/x.mdx", "deepseek-r1", true, 2048, RowGroups.InferenceXDisaggregatedKind)]
    [InlineData("SemiAnalysisAI/InferenceX-app/x.mdx", "deepseek-r1", true, null, RowGroups.OtherKind)]
    [InlineData("SemiAnalysisAI/InferenceX-app/x.mdx", "deepseek-r1", false, 64, RowGroups.OtherKind)]
    [InlineData("SemiAnalysisAI/InferenceX-app/x.mdx", "gpt-oss-120b", true, 64, RowGroups.OtherKind)]
    [InlineData("https://lmsys.org/blog/2025-05-05-large-scale-ep/", "deepseek-v3", true, 4096, RowGroups.OtherKind)]
    public void Kind_IsReadFromTheSourceTheFamilyAndTheStatedColumns(string source, string model, bool? disaggregated, int? concurrency, string kind) =>
        Assert.Equal(kind, RowGroups.Kind(
            new Measurement { Id = "r", Source = source, Hardware = "h200", Model = model, Disaggregated = disaggregated, Concurrency = concurrency },
            RowGroups.Family(model)));

    [Fact]
    public void ByKind_PoolsTokSUserWithTheRateTpotImplies_AndAddsTheNamedKindsTogether()
    {
        // Row a (perf overview): output 1000 measured, 1100 predicted (+10%); tok/s/user 50 measured, 60 predicted (+20%).
        // Row b (TRT-LLM DeepSeek blog): output 200 measured, 150 predicted (-25%); TPOT 20 ms measured, 25 ms predicted:
        //   as rates 1000/20 = 50 and 1000/25 = 40 tok/s/user, -20% (not +25%, the TPOT's own error).
        // Row c (other): output 10 measured, 40 predicted (+300%).
        // Pooled interactivity of a and b: |errors| 20%, 20%: median 20%; ratios 1.2 and 0.8: median 1.0.
        // The two named kinds together: throughput |errors| 10% and 25%, median 17.5%; c stays out of that group.
        static RowValidation Row(string id, string kind, params MetricComparison[] metrics) => new()
        {
            Id = id, Source = "s", Hardware = "h200", Model = "m", Kind = kind, Chosen = new Dictionary<string, string>(),
            Metrics = metrics, Throughput = metrics[0],
        };
        var report = ValidationReport.From([
            Row("a", RowGroups.PerfOverviewKind, new MetricComparison("output_tok_s_gpu", 1000, 1100), new MetricComparison("tok_s_user", 50, 60)),
            Row("b", RowGroups.TrtLlmDeepSeekKind, new MetricComparison("output_tok_s_gpu", 200, 150), new MetricComparison("tpot_ms", 20, 25)),
            Row("c", RowGroups.OtherKind, new MetricComparison("output_tok_s_gpu", 10, 40)),
        ]);
        Assert.Equal(
            [RowGroups.TrtLlmDeepSeekKind, RowGroups.PerfOverviewKind, RowGroups.OtherKind, ValidationReport.NamedKindsGroup],
            report.ByKind.Select(g => g.Group));
        var together = report.ByKind[^1];
        Assert.Equal(2, together.Rows);
        Assert.Equal(17.5, together.Metrics.Single(m => m.Metric == ValidationReport.ThroughputMetric).MedianAbsPctError, 9);
        var pooled = together.Metrics.Single(m => m.Metric == ValidationReport.InteractivityMetric);
        Assert.Equal(2, pooled.Rows);
        Assert.Equal(20.0, pooled.MedianAbsPctError, 9);
        Assert.Equal(1.0, pooled.MedianRatio, 9);
        Assert.DoesNotContain(report.ByKind[2].Metrics, m => m.Metric == ValidationReport.InteractivityMetric);
    }

    [Fact]
    public void Ttft_IsValidatedNotFitted()
    {
        // The same rows with TTFTs 100x apart fit to the same profile, and rows that measure only TTFT leave nothing to fit.
        var rows = SyntheticRows();
        var options = new CalibrationOptions { MaxEvaluations = 300, Starts = 1 };
        var near = Calibrator.Fit([.. rows.Select(r => r with { TtftS = 0.1 })], options, "synthetic");
        var far = Calibrator.Fit([.. rows.Select(r => r with { TtftS = 10.0 })], options, "synthetic");
        Assert.Equal(near.Loss, far.Loss);
        Assert.Equal(near.Profile.PrefillComputeEfficiency, far.Profile.PrefillComputeEfficiency);

        var ttftOnly = rows.Select(r => r with { OutputTokSGpu = null, InputTokSGpu = null, TtftS = 1.0 }).ToList();
        var e = Assert.Throws<ArgumentException>(() => Calibrator.Fit(ttftOnly, options, "ttft"));
        Assert.Contains("fitted metric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfileParameterTransforms_RoundTrip_AndStayInBounds()
    {
        foreach (var p in ProfileParameter.Fitted)
        {
            double value = p.Get(Truth);
            // Fractions are kept 1e-4 inside (0, 1), so a prior of exactly 0 (no overlap) comes back as 1e-4.
            Assert.Equal(value, p.FromCoordinate(p.ToCoordinate(value)), Math.Max(1e-9 * value, 1.0001e-4));
            double low = p.FromCoordinate(-1e6), high = p.FromCoordinate(1e6);
            Assert.True(low >= 0 && double.IsFinite(high), p.Name);
        }
    }

    [Fact]
    public void OutOfRangeOptions_AreRejectedWithTheirName()
    {
        var rows = SyntheticRows();
        var e = Assert.Throws<ArgumentException>(() => Calibrator.Fit(rows, new CalibrationOptions { SourceBalance = 2 }));
        Assert.Equal(nameof(CalibrationOptions.SourceBalance), e.ParamName);
        Assert.Throws<ArgumentException>(() => Calibrator.Fit(rows, new CalibrationOptions { MaxEvaluations = 0 }));
    }
}
