using TokenKernels;
using TokenKernels.Calibration;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Calibration;

public class RowPredictionTests
{
    private static readonly EfficiencyProfile Profile = EfficiencyProfile.Priors;
    private static readonly int[] TensorParallelDegrees = [1, 2, 4, 8];

    private static Measurement Row(string id = "r") => new()
    {
        Id = id,
        Source = "test",
        Hardware = "h200",
        Model = "llama-3.3-70b",
        Weights = Precision.Fp8,
        KvCache = Precision.Fp8,
        Phase = MeasurementPhase.EndToEnd,
        Disaggregated = false,
        Gpus = 1,
        Tp = 1,
        Isl = 1000,
        Osl = 1000,
        OutputTokSGpu = 1000,
    };

    private static ServingPoint Evaluate(int batch, int isl = 1000, int osl = 1000) => TokenCost.Evaluate(
        BuiltInCatalog.GetHardware("h200"),
        BuiltInCatalog.GetModel("llama-3.3-70b"),
        new Deployment { Gpus = 1, Tp = 1, Batch = batch, Weights = Precision.Fp8, KvCache = Precision.Fp8 },
        new Workload { InputTokens = isl, OutputTokens = osl },
        Profile);

    private static RowValidation Predict(Measurement row) => Assert.Single(Validation.Run([row], Profile).Rows);

    [Fact]
    public void AtomRowsOnRocm_RunTheAiterNativeStack_VllmAndSglangOnCudaTheFrameworkStack_OthersThePartsOwn()
    {
        var mi = BuiltInCatalog.GetHardware("mi300x");
        var model = BuiltInCatalog.GetModel("llama-3.3-70b");
        var row = Row("X-MI300X-atom") with { Hardware = "mi300x" };
        Assert.Equal((int)SoftwarePlatform.RocmAiter, RowPlanner.Plan(row, mi, model, Profile).Hardware.Stack);
        Assert.Equal((int)SoftwarePlatform.Rocm, RowPlanner.Plan(row with { Id = "X-MI300X-vllm" }, mi, model, Profile).Hardware.Stack);
        Assert.Equal((int)SoftwarePlatform.Cuda, RowPlanner.Plan(row with { Hardware = "h200" }, BuiltInCatalog.GetHardware("h200"), model, Profile).Hardware.Stack);
        var h200 = row with { Hardware = "h200" };
        Assert.Equal((int)SoftwarePlatform.CudaFramework, RowPlanner.Plan(h200 with { Id = "X-H200-vllm" }, BuiltInCatalog.GetHardware("h200"), model, Profile).Hardware.Stack);
        Assert.Equal((int)SoftwarePlatform.CudaFramework, RowPlanner.Plan(h200 with { Id = "X-H200-sglang" }, BuiltInCatalog.GetHardware("h200"), model, Profile).Hardware.Stack);
        Assert.Equal((int)SoftwarePlatform.Cuda, RowPlanner.Plan(h200 with { Id = "X-H200-trt" }, BuiltInCatalog.GetHardware("h200"), model, Profile).Hardware.Stack);

        // At the priors the AITER-native scale (0.89) is above the framework's (0.8), so the same stated run predicts faster.
        double Predicted(string id) => Assert.Single(Predict(row with { Id = id }).Metrics).Predicted;
        Assert.True(Predicted("X-MI300X-atom") > Predicted("X-MI300X-vllm"));
    }

    [Fact]
    public void Mtp_IsOpenOnlyWhereTheSourceSaysItWasUsed()
    {
        var row = new Measurement
        {
            Id = "m",
            Source = "test",
            Hardware = "b200",
            Model = "deepseek-r1",
            Phase = MeasurementPhase.EndToEnd,
            Disaggregated = false,
            Gpus = 8,
            Tp = 8,
            Isl = 1000,
            Osl = 1000,
            Concurrency = 1,
            TokSUser = 100,
        };

        // Not stated: run without MTP (no draft setting is open); "on": 1-3 drafts are tried and the chosen one reported.
        var silent = Predict(row);
        Assert.DoesNotContain("mtp", silent.Chosen.Keys);
        var on = Predict(row with { MtpUsed = true });
        Assert.InRange(int.Parse(on.Chosen["mtp"], System.Globalization.CultureInfo.InvariantCulture), 1, 3);
    }

    [Fact]
    public void FullyStatedRow_PredictsTheStatedConfiguration()
    {
        // Concurrency 64 on one GPU is the decode batch: the prediction is the single-point evaluation of that configuration.
        var row = Predict(Row() with { Concurrency = 64 });

        Assert.Null(row.Error);
        Tolerance.Near(Evaluate(64).OutputTokSGpu, Assert.Single(row.Metrics).Predicted, what: "output tok/s/GPU");
        Assert.Equal("64", row.Chosen["batch"]);
        Assert.DoesNotContain("tp", row.Chosen.Keys);
        Assert.DoesNotContain("kv_cache", row.Chosen.Keys);
    }

    [Fact]
    public void OpenBatch_MaxThroughputRow_FillsMemory_AndBeatsASmallerBatch()
    {
        var row = Predict(Row());

        // The largest batch that fits at 2000 tokens of context (below the 2048-sequence engine cap for 70B on one H200).
        int fits = Evaluate(1).MaxBatch;
        Assert.InRange(fits, 2, RowPlanner.EngineMaxBatchPerRank);
        Assert.Equal(fits.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Chosen["batch"]);
        Assert.True(row.Metrics[0].Predicted >= Evaluate(fits / 2).OutputTokSGpu);
    }

    [Fact]
    public void StatedKvCacheFraction_SizesTheKvPool_InPlanningAndPrediction()
    {
        // The priors give the KV cache 0.9 of the memory the weights and the reserve leave. A row stating 0.95 (TensorRT-LLM
        // kv_cache_free_gpu_mem_fraction) plans and predicts with 0.95: 70B FP8 on one H200 at 2000 tokens of context then
        // holds the library's max batch under a 0.95 profile (more than under 0.9), and the row predicts the library's
        // figure at that batch with that profile.
        var p95 = Profile with { UsableMemoryFraction = 0.95 };
        ServingPoint At(int batch, EfficiencyProfile p) => TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"),
            BuiltInCatalog.GetModel("llama-3.3-70b"),
            new Deployment { Gpus = 1, Tp = 1, Batch = batch, Weights = Precision.Fp8, KvCache = Precision.Fp8 },
            new Workload { InputTokens = 1000, OutputTokens = 1000 },
            p);
        int fits90 = At(1, Profile).MaxBatch;
        int fits95 = At(1, p95).MaxBatch;
        Assert.True(fits95 > fits90, $"{fits95} against {fits90}");

        var row = Predict(Row() with { KvCacheFraction = 0.95 });
        Assert.Equal(fits95.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Chosen["batch"]);
        Tolerance.Near(At(fits95, p95).OutputTokSGpu, row.Metrics[0].Predicted);

        // Stating the profile's own fraction changes nothing.
        Tolerance.Near(Predict(Row()).Metrics[0].Predicted, Predict(Row() with { KvCacheFraction = Profile.UsableMemoryFraction }).Metrics[0].Predicted);
    }

    [Fact]
    public void StatedEngineLimits_CapTheBatch_AndBoundThePrefillChunk()
    {
        // 70B on one H200 at 2000 tokens of context fits far more than 16 sequences (the test above); an engine stated to hold
        // at most 16 per rank runs 16, and the row predicts exactly the library's figure at batch 16.
        int fits = Evaluate(1).MaxBatch;
        Assert.True(fits > 16);
        var capped = Predict(Row() with { MaxBatch = 16 });
        Assert.Equal("16", capped.Chosen["batch"]);
        Tolerance.Near(Evaluate(16).OutputTokSGpu, capped.Metrics[0].Predicted);

        // A stated limit of 512 tokens per forward pass is the prefill chunk: the 1000-token prompts take two passes, each
        // streaming the weights again, so the same row at concurrency 8 predicts the library's figure with 512-token chunks,
        // and less than with the default 8192-token chunk.
        var chunked = Predict(Row() with { Concurrency = 8, MaxNumTokens = 512 });
        var withChunk = TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"),
            BuiltInCatalog.GetModel("llama-3.3-70b"),
            new Deployment { Gpus = 1, Tp = 1, Batch = 8, Weights = Precision.Fp8, KvCache = Precision.Fp8, PrefillChunkTokens = 512 },
            new Workload { InputTokens = 1000, OutputTokens = 1000 },
            Profile);
        Tolerance.Near(withChunk.OutputTokSGpu, chunked.Metrics[0].Predicted);
        Assert.True(chunked.Metrics[0].Predicted < Evaluate(8).OutputTokSGpu);
    }

    [Fact]
    public void Burst_NoLargerThanTheEngineLimit_RunsAsOneCohortOfAllItsRequests()
    {
        // An offline run (requests stated, no concurrency) of 100 requests with the engine allowed 2048: the whole burst is
        // one batch of 100, whatever more memory would hold, and the figure is the library's at batch 100.
        var row = Predict(Row() with { Requests = 100 });
        Assert.Equal("100", row.Chosen["batch"]);
        Tolerance.Near(Evaluate(100).OutputTokSGpu, row.Metrics[0].Predicted);
    }

    [Fact]
    public void Burst_LargerThanTheEngineLimit_DrainsInWaves()
    {
        // 40 requests through an engine that holds 16: waves of 16, 16 and 8, each of w requests taking w x osl / R(w)
        // GPU-seconds at R(w) output tok/s/GPU, so 40 x osl tokens arrive at 40 / (2 x 16 / R(16) + 8 / R(8)) tok/s/GPU.
        double r16 = Evaluate(16).OutputTokSGpu, r8 = Evaluate(8).OutputTokSGpu;
        double expected = 40 / ((2 * 16 / r16) + (8 / r8));
        var row = Predict(Row() with { Requests = 40, MaxBatch = 16 });
        Assert.Equal("16", row.Chosen["batch"]);
        Tolerance.Near(expected, row.Metrics[0].Predicted, what: "burst output tok/s/GPU");
        Assert.True(row.Metrics[0].Predicted < r16, "a half-empty last wave costs throughput");

        // Whole waves only (48 = 3 x 16): the steady figure at 16. A closed loop of fewer users than requests stays steady.
        Tolerance.Near(r16, Predict(Row() with { Requests = 48, MaxBatch = 16 }).Metrics[0].Predicted);
        Tolerance.Near(Evaluate(8).OutputTokSGpu, Predict(Row() with { Requests = 40, Concurrency = 8 }).Metrics[0].Predicted);
    }

    [Fact]
    public void Burst_WithAStatedEngineLimit_AdmitsUpToTheLimit_NotASmallerBatchWithAKinderLastWave()
    {
        // 20 requests queued at once on an engine stated to hold 16 (TensorRT-LLM's max_batch_size, vLLM's max_num_seqs):
        // the scheduler admits 16, then the other 4 when the first wave finishes. Waves of w requests take w x osl / R(w)
        // GPU-seconds, so 20 x osl tokens arrive at 20 / (16 / R(16) + 4 / R(4)) tok/s/GPU. Waves of 11 and 9 (the planner
        // used to try 0.7 x 16 = 11 and 0.5 x 16 = 8 as well and keep the fastest) would spare the thin last wave, but the
        // engine does not hold requests back to even its waves.
        double r16 = Evaluate(16).OutputTokSGpu, r4 = Evaluate(4).OutputTokSGpu;
        double expected = 20 / ((16 / r16) + (4 / r4));
        var row = Predict(Row() with { Requests = 20, MaxBatch = 16 });
        Assert.Equal("16", row.Chosen["batch"]);
        Tolerance.Near(expected, row.Metrics[0].Predicted, what: "burst output tok/s/GPU");

        // Without a stated limit the planner's own cap is a guess, so smaller batches stay open (here all 20 fit one wave).
        Assert.Equal("20", Predict(Row() with { Requests = 20 }).Chosen["batch"]);
    }

    [Fact]
    public void Burst_WithExponentialOutputs_DrainsThroughEveryBatch_SlowerThanEqualLengths()
    {
        // 40 requests of mean output 1000 (osl_distribution exponential) through an engine that holds 16: while requests
        // wait 16 run, and the 24 completions that let the rest in come at batch 16, then the batch drains 16, 15, ..., 1,
        // level k lasting osl / k steps (BurstDrain). Per-GPU rate 40 / (24 / R(16) + sum_{k=1..16} 1 / R(k)) (16 levels:
        // summed exactly), R(k) the output tok/s/GPU at batch k of the planned layout, whose sequences in decode hold a
        // mean context of 1000 + 1000 = 2000 tokens (exponential outputs are length-biased: i + E[o^2] / (2 E[o]) = i + osl),
        // not the fixed 1000 + 500. Equal lengths (the same row without the column) drain as waves of 16, 16 and 8, faster.
        var row = Row() with { Requests = 40, MaxBatch = 16 };
        var exponential = row with { OslDistribution = OutputLengthDistribution.Exponential };
        var plan = RowPlanner.Plan(exponential, BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetModel("llama-3.3-70b"), Profile);
        var packed = TokenKernels.Packing.ProfilePacker.Pack(Profile);
        var d = Assert.Single(plan.Candidates);
        Assert.Equal(16, d.Batch);
        Assert.Equal(2000, d.MixContextTokens);
        Assert.Equal(1000 + 1000, TokenKernels.Physics.ServingModel.ReservedContextTokens(d));
        var prepared = TokenKernels.Physics.ServingModel.Prepare(plan.Hardware, plan.Model, d, packed);
        var load = TokenKernels.Physics.ServingModel.PrepareLoad(prepared, plan.Model, d);
        double R(int k)
        {
            var at = d;
            at.Batch = k;
            return TokenKernels.Physics.ServingModel.ServeBatch(prepared, load, plan.Model, at).OutputTokSGpu;
        }

        double expected = 40 / ((24 / R(16)) + Enumerable.Range(1, 16).Sum(k => 1 / R(k)));
        double predicted = Assert.Single(Predict(exponential).Metrics).Predicted;
        Tolerance.Near(expected, predicted, what: "exponential burst output tok/s/GPU");
        Assert.True(R(16) < Evaluate(16).OutputTokSGpu, "the longer context in flight slows the step");
        double equal = Assert.Single(Predict(row).Metrics).Predicted;
        Assert.True(predicted < 0.97 * equal, $"exponential {predicted}, equal {equal}");
    }

    [Theory]
    [InlineData(400, 500, 500, 32, 1)]
    [InlineData(400, 500, 500, 32, 2)]
    [InlineData(1000, 1000, 1000, 128, 1)]
    [InlineData(300, 2000, 300, 64, 1)]
    public void Burst_ExponentialDrain_AgreesWithTheSimulatedRun(int requests, int isl, int osl, int maxBatch, int seed)
    {
        // The same offline run simulated step by step, its n output lengths the exponential's quantiles
        // -osl ln(1 - (i + 0.5) / n) in a shuffled order (a trace), every request queued at t = 0, the engine admitting up to
        // its batch limit, each sequence's own context read every step: output tokens / time of the last completion,
        // against the drain formula at the quantiles' mean. Measured: 0.97-1.03 (0.99, 1.03, 1.00, 0.97 for the four runs).
        var outputs = Enumerable.Range(0, requests).Select(i => Math.Max(1, (int)Math.Round(-osl * Math.Log(1 - ((i + 0.5) / requests))))).ToArray();
        new Random(seed).Shuffle(outputs);
        int mean = (int)Math.Round(outputs.Average());
        var row = Row() with { Isl = isl, Osl = mean, Requests = requests, MaxBatch = maxBatch, OslDistribution = OutputLengthDistribution.Exponential };
        var plan = RowPlanner.Plan(row, BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetModel("llama-3.3-70b"), Profile);
        var packed = TokenKernels.Packing.ProfilePacker.Pack(Profile);
        var outcome = RowPredictor.Predict(plan, packed);
        Assert.Null(outcome.Error);
        var lengths = LengthDistribution.FromTrace(new RequestTrace([.. outputs.Select(o => new TraceRequest(0, isl, o))]));
        double simulated = SimulatedBurstOutputTokSGpu(plan, outcome.Chosen, packed, lengths, requests, outputs.Sum());

        double predicted = outcome.Predicted[(int)MeasuredMetric.OutputTokSGpu];
        Assert.InRange(predicted / simulated, 0.95, 1.05);

        // The equal-length cohorts overstate the same run by 16-27 % (the drain's thin batches and the longer context).
        var fixedLengths = RowPredictor.Predict(RowPlanner.Plan(row with { OslDistribution = OutputLengthDistribution.Fixed }, BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetModel("llama-3.3-70b"), Profile), packed);
        Assert.True(fixedLengths.Predicted[(int)MeasuredMetric.OutputTokSGpu] / simulated > 1.1);
    }

    [Fact]
    public void TtftAtConcurrency_PrefillFirstFromTheRowOrTheEngine()
    {
        // A closed loop of 8 requests of exactly 3000:200 tokens on 8 H200 at TP8, chunks of 8192 tokens: a wave's 24,000
        // prompt tokens take three prefill steps. vLLM (V1) mixes decode into those steps, so the wave comes apart and a
        // request mostly waits for its own prompt; a row saying prefill_first (vLLM V0 without chunked prefill) keeps the
        // wave together, every request waiting for the prompts ahead of it in its wave, much longer. SGLang prefills first by
        // default and runs on the same stack as vLLM here (CUDA framework), so its TTFT is the prefill-first vLLM row's.
        var row = Row("X-H200-vllm") with
        {
            Gpus = 8, Tp = 8, Isl = 3000, Osl = 200, Concurrency = 8, Requests = 80, TtftS = 1.0, OutputTokSGpu = null,
            TpotMs = 30, RangeRatio = 1.0, MaxNumTokens = 8192, TtftStatistic = TtftStatistic.Mean,
        };
        var packed = TokenKernels.Packing.ProfilePacker.Pack(Profile);
        double Ttft(Measurement r)
        {
            var outcome = RowPredictor.PredictAtConcurrency(RowPlanner.Plan(r, BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetModel("llama-3.3-70b"), Profile), packed);
            Assert.Null(outcome.Error);
            return outcome.Predicted[(int)MeasuredMetric.TtftS];
        }

        double mixed = Ttft(row);
        double first = Ttft(row with { PrefillFirst = true });
        Assert.True(first > 1.5 * mixed, $"prefill first {first} s, mixed {mixed} s");
        Assert.Equal(first, Ttft(row with { Id = "X-H200-sglang" }), 9);
        Assert.Equal(mixed, Ttft(row with { Id = "X-H200-sglang", PrefillFirst = false }), 9);
    }

    [Theory]
    [InlineData(1000, 128, 128, 384)]
    [InlineData(1000, 128, 2048, 384)]
    [InlineData(3000, 1000, 1000, 500)]
    [InlineData(1500, 2048, 2048, 246)]
    [InlineData(700, 500, 2000, 1024)]
    public void Burst_WaveFormula_AgreesWithTheSimulatedRun(int requests, int isl, int osl, int maxBatch)
    {
        // The same offline run simulated step by step (every request queued at t = 0, exact lengths, the engine admitting
        // up to its batch limit, prompts in chunked prefill steps): output tokens / time of the last completion. The wave
        // formula ignores only the first wave's prefill ramp, which staggers its cohort; measured on the Azure and
        // TensorRT-LLM perf-overview rows the two differ by 0-4 % (the largest, 4 %, at 128/2048 with 3000 requests).
        var row = Row() with { Isl = isl, Osl = osl, Requests = requests, MaxBatch = maxBatch, KvCache = Precision.Fp8 };
        var plan = RowPlanner.Plan(row, BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetModel("llama-3.3-70b"), Profile);
        var packed = TokenKernels.Packing.ProfilePacker.Pack(Profile);
        var outcome = RowPredictor.Predict(plan, packed);
        Assert.Null(outcome.Error);
        double simulated = SimulatedBurstOutputTokSGpu(plan, outcome.Chosen, packed, LengthDistribution.Fixed(isl, osl), requests, requests * (double)osl);

        double predicted = outcome.Predicted[(int)MeasuredMetric.OutputTokSGpu];
        Assert.InRange(predicted / simulated, 0.97, 1.06);
    }

    /// <summary>
    /// The row's offline burst simulated step by step on the chosen candidate (every request queued at t = 0, the
    /// engine admitting up to its batch limit): output tokens / time of the last completion, per GPU.
    /// </summary>
    private static double SimulatedBurstOutputTokSGpu(RowPlan plan, int chosen, in TokenKernels.Packing.PackedProfile packed, LengthDistribution lengths, int requests, double outputTokens)
    {
        var config = TokenKernels.Traffic.ReplicaPlan.Config(plan.Hardware, plan.Model, plan.Candidates[chosen], packed, lengths.MaxContextTokens, out double gpus, out _);
        var load = new TokenKernels.Traffic.ReplicaLoad
        {
            ArrivalKind = (int)ArrivalKind.ClosedLoop,
            GammaShape = 1,
            Concurrency = requests,
            Requests = requests,
            Lengths = lengths.Packed,
            Seed = 1,
        };
        var run = new TokenKernels.Traffic.ReplicaBatch([config], [load], lengths.Table);
        run.RunManaged(parallel: false, () => { }, CancellationToken.None);
        Assert.Equal(0, run.Summaries[0].Failure);
        double end = Enumerable.Range(0, requests).Max(r => run.Records[(r * TokenKernels.Traffic.ReplicaSimulation.RecordFields) + 2]);
        return outputTokens / end / gpus;
    }

    [Fact]
    public void RowWithoutCudaGraphs_PredictsTheLibrarysEagerDecode()
    {
        // A row stated to have run without CUDA graphs predicts exactly the library's eager deployment at its concurrency:
        // 70B has 80 layers, so at the prior 0.69 ms a layer each decode step takes 55.2 ms more, far slower than with graphs.
        var graphs = Predict(Row() with { Concurrency = 8, TpotMs = 20, OutputTokSGpu = null });
        var eager = Predict(Row() with { Concurrency = 8, TpotMs = 20, OutputTokSGpu = null, CudaGraphs = false });
        var library = TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"),
            BuiltInCatalog.GetModel("llama-3.3-70b"),
            new Deployment { Gpus = 1, Tp = 1, Batch = 8, Weights = Precision.Fp8, KvCache = Precision.Fp8, CudaGraphs = false },
            new Workload { InputTokens = 1000, OutputTokens = 1000 },
            Profile);
        Tolerance.Near(library.Tpot.Milliseconds, eager.Metrics[0].Predicted);
        Tolerance.Near(Evaluate(8).Tpot.Milliseconds + (80 * 0.69), eager.Metrics[0].Predicted, relative: 0.02);
        Assert.True(eager.Metrics[0].Predicted > graphs.Metrics[0].Predicted + 50);
    }

    [Fact]
    public void RowWithBalancedAttentionDp_PredictsTheLibrarysBalancedDeployment()
    {
        // DeepSeek-R1 on 8 H200, attention DP8 + EP8, 32 sequences per rank of 8k prompts (InferenceX's H200 TensorRT-LLM run):
        // q = 32 x 1 / 1024 = 0.03125 prompt chunks per rank per step, so as prompts come the busiest of 8 ranks prefills in
        // 1 - (1 - q)^8 = 0.2243 of the steps, 7.18x the balanced 0.03125 (AttentionDpPrefillImbalance), and holds the
        // others idle. Balanced (every rank's prompt in the same step) the row predicts the library's balanced deployment,
        // well above the unbalanced figure.
        var row = new Measurement
        {
            Id = "IX-H200-trt",
            Source = "test",
            Hardware = "h200",
            Model = "deepseek-r1",
            Weights = Precision.Fp8,
            KvCache = Precision.Fp8,
            Phase = MeasurementPhase.EndToEnd,
            Disaggregated = false,
            Gpus = 8,
            Tp = 8,
            Ep = 8,
            DpAttention = 8,
            Isl = 8192,
            Osl = 1024,
            Concurrency = 256,
            TotalTokSGpu = 2000,
        };
        Deployment Layout(bool balanced) => new()
        {
            Gpus = 8, Tp = 1, Dp = 8, Ep = 8, Batch = 256, Weights = Precision.Fp8, KvCache = Precision.Fp8, AttentionDpBalance = balanced,
        };
        ServingPoint Library(bool balanced) => TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetModel("deepseek-r1"), Layout(balanced), new Workload { InputTokens = 8192, OutputTokens = 1024 }, Profile);

        double unbalanced = Assert.Single(Predict(row).Metrics).Predicted;
        double balanced = Assert.Single(Predict(row with { AdpBalance = true }).Metrics).Predicted;
        Tolerance.Near(Library(false).TotalTokSGpu, unbalanced);
        Tolerance.Near(Library(true).TotalTokSGpu, balanced);
        Assert.True(balanced > 1.5 * unbalanced, $"balanced {balanced} against {unbalanced}");
    }

    [Fact]
    public void Fp8AttentionRow_IsPredictedWithFp8DecodeScores()
    {
        // A disaggregated H20 DeepSeek-R1 decode row at 32 sequences per GPU (DP16, EP16, 4096 in / 1536 out, FP8 cache):
        // decode MLA attention is compute-bound on H20's 148 BF16 TFLOP/s, so a row stating the FP8 kernel is predicted as
        // the library evaluates that layout with Deployment.Fp8Attention, and faster than without it.
        var row = new Measurement
        {
            Id = "H20-sglang",
            Source = "test",
            Hardware = "h20",
            Model = "deepseek-r1",
            Weights = Precision.Fp8,
            KvCache = Precision.Fp8,
            Phase = MeasurementPhase.Decode,
            Disaggregated = true,
            Gpus = 16,
            PrefillGpus = 16,
            DecodeGpus = 16,
            Ep = 16,
            DpAttention = 16,
            Isl = 4096,
            Osl = 1536,
            BatchPerGpu = 32,
            Mtp = 0,
            OutputTokSGpu = 600,
        };
        var h20 = BuiltInCatalog.GetHardware("h20") with { SoftwareStack = SoftwarePlatform.CudaFramework };
        Deployment Layout(bool fp8) => new()
        {
            Gpus = 32, Disaggregated = true, PrefillGpus = 16, DecodeGpus = 16, Tp = 1, Dp = 16, Ep = 16, Batch = 512,
            Weights = Precision.Fp8, KvCache = Precision.Fp8, Fp8Attention = fp8,
        };
        // The decode pool's own rate: 512 sequences, one token each per decode step, over 16 GPUs.
        double Library(bool fp8) => 512 / (16 * TokenCost.Evaluate(h20, BuiltInCatalog.GetModel("deepseek-r1"), Layout(fp8), new Workload { InputTokens = 4096, OutputTokens = 1536 }, Profile).DecodeStep.Seconds);

        double plain = Assert.Single(Predict(row).Metrics).Predicted;
        double fp8 = Assert.Single(Predict(row with { Fp8Attention = true }).Metrics).Predicted;
        Tolerance.Near(Library(false), plain);
        Tolerance.Near(Library(true), fp8);
        Assert.True(fp8 > 1.1 * plain, $"FP8 scores {fp8} against {plain}");
    }

    [Fact]
    public void OpenKvCacheAndLength_AreChosenAndReported()
    {
        var row = Predict(Row() with { KvCache = null, Isl = null, Osl = null, Concurrency = 8 });

        // FP8 weights -> FP8 KV cache (TensorRT-LLM's default); unstated lengths -> the 1k/1k scenario.
        Assert.Equal("fp8", row.Chosen["kv_cache"]);
        Assert.Equal("1024", row.Chosen["isl"]);
        Tolerance.Near(Evaluate(8, 1024, 1024).OutputTokSGpu, row.Metrics[0].Predicted);
    }

    [Fact]
    public void FrontierRow_ReadsThroughputAtTheMeasuredInteractivity()
    {
        // Batches 8 and 12 are neighbours on the planner's batch grid (1, 2, 3, 5, 8, 12, ...). A measured tok/s/user at the
        // geometric mean of theirs sits halfway in log space, so throughput is read at the geometric mean of theirs:
        // exp((ln t8 + ln t12) / 2) = sqrt(t8 x t12).
        var b8 = Evaluate(8);
        var b12 = Evaluate(12);
        double user = Math.Sqrt(b8.TokSUser * b12.TokSUser);
        double throughput = Math.Sqrt(b8.OutputTokSGpu * b12.OutputTokSGpu);

        var row = Predict(Row() with { TokSUser = user, OutputTokSGpu = throughput * 1.1 });

        var output = row.Metrics.Single(m => m.Metric == "output_tok_s_gpu");
        Tolerance.Near(throughput, output.Predicted, 1e-9, "throughput at the measured tok/s/user");

        // The configuration reported is the best one that still meets the measured tok/s/user: batch 8 (batch 12 is slower).
        Assert.Equal("8", row.Chosen["batch"]);

        // Read the other way, the measured throughput (10% above the b8-b12 point) lies on a faster-than-b12 segment,
        // so the predicted tok/s/user falls below the measured one.
        Assert.True(row.Metrics.Single(m => m.Metric == "tok_s_user").Predicted < user);
    }

    [Fact]
    public void PrefillRow_PredictsThePrefillPoolsOwnInputRate()
    {
        var measurement = new Measurement
        {
            Id = "p",
            Hardware = "h200",
            Model = "deepseek-v3",
            Weights = Precision.Fp8,
            Phase = MeasurementPhase.Prefill,
            Disaggregated = true,
            Gpus = 16,
            PrefillGpus = 16,
            DecodeGpus = 16,
            Ep = 16,
            DpAttention = 16,
            Isl = 2000,
            Osl = 100,
            InputTokSGpu = 7000,
        };
        var row = Predict(measurement);

        var point = TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"),
            BuiltInCatalog.GetModel("deepseek-v3"),
            new Deployment { Gpus = 32, Tp = 1, Dp = 16, Ep = 16, Batch = 1, Weights = Precision.Fp8, KvCache = Precision.Fp8, Disaggregated = true, PrefillGpus = 16, DecodeGpus = 16 },
            new Workload { InputTokens = 2000, OutputTokens = 100 },
            Profile);
        Tolerance.Near(point.PrefillTokSGpu, Assert.Single(row.Metrics).Predicted, what: "input tok/s per prefill GPU");
    }

    [Theory]
    [InlineData(null, 8, 1)]
    [InlineData(8, 1, 8)]
    public void StatedTp_IsTheAttentionTp_UnlessADpDegreeIsStated(int? dpAttention, int expectedTp, int expectedDp)
    {
        // An 8-GPU MoE row stating --tp 8 --ep 8 and a concurrency: attention is 8-way tensor parallel unless the row states
        // a DP degree, in which case the 8 ranks each hold their own sequences (tp = 8 / 8 = 1).
        var measurement = new Measurement
        {
            Id = "moe",
            Hardware = "h200",
            Model = "qwen3-235b-a22b",
            Weights = Precision.Fp8,
            KvCache = Precision.Fp8,
            Phase = MeasurementPhase.EndToEnd,
            Disaggregated = false,
            Gpus = 8,
            Tp = dpAttention is null ? 8 : null,
            Ep = 8,
            DpAttention = dpAttention,
            Isl = 1000,
            Osl = 1000,
            Concurrency = 256,
            OutputTokSGpu = 2000,
        };
        var row = Predict(measurement);

        var point = TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"),
            BuiltInCatalog.GetModel("qwen3-235b-a22b"),
            new Deployment { Gpus = 8, Tp = expectedTp, Dp = expectedDp, Ep = 8, Batch = 256, Weights = Precision.Fp8, KvCache = Precision.Fp8 },
            new Workload { InputTokens = 1000, OutputTokens = 1000 },
            Profile);
        Assert.Null(row.Error);
        Tolerance.Near(point.OutputTokSGpu, Assert.Single(row.Metrics).Predicted, what: "output tok/s/GPU");
        if (dpAttention is null)
        {
            Assert.Equal("1", row.Chosen["dp"]);
            Assert.DoesNotContain("tp", row.Chosen.Keys);
        }
        else
        {
            Assert.Equal("1", row.Chosen["tp"]);
            Assert.DoesNotContain("dp", row.Chosen.Keys);
        }
    }

    [Fact]
    public void DecodePoolLargerThanItsEp_RunsAsSeveralInstances()
    {
        // "Decode 32 GPUs, EP 8" (InferenceX multinode recipes): four EP8 instances, the concurrency of 48 spread 12 per instance.
        var measurement = new Measurement
        {
            Id = "pool",
            Hardware = "gb200",
            Model = "deepseek-r1",
            Weights = Precision.Fp4,
            KvCache = Precision.Fp8,
            Phase = MeasurementPhase.EndToEnd,
            Disaggregated = true,
            Gpus = 36,
            PrefillGpus = 4,
            DecodeGpus = 32,
            Ep = 8,
            Mtp = 0,
            Isl = 1024,
            Osl = 1024,
            Concurrency = 48,
            TotalTokSGpu = 300,
        };
        var row = Predict(measurement);

        Assert.Null(row.Error);
        Assert.Equal("4", row.Chosen["decode_instances"]);
        Assert.Equal("12", row.Chosen["batch"]);
        int tp = int.Parse(row.Chosen["tp"], System.Globalization.CultureInfo.InvariantCulture);
        var point = TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("gb200"),
            BuiltInCatalog.GetModel("deepseek-r1"),
            new Deployment
            {
                Gpus = 36, Tp = tp, Dp = 8 / tp, Ep = 8, Batch = 12, Weights = Precision.Fp4, KvCache = Precision.Fp8,
                Disaggregated = true, PrefillGpus = 4, DecodeGpus = 32, DecodeInstances = 4,
            },
            new Workload { InputTokens = 1024, OutputTokens = 1024 },
            Profile);
        Tolerance.Near(point.TotalTokSGpu, Assert.Single(row.Metrics).Predicted, what: "total tok/s/GPU");
    }

    [Fact]
    public void RowThatCannotRun_ComesBackWithAReason()
    {
        // 405B parameters in BF16 (810 GB) cannot fit on one 141 GB GPU.
        var row = Predict(Row() with { Model = "llama-3.1-405b", Weights = Precision.Bf16 });

        Assert.NotNull(row.Error);
        Assert.Empty(row.Metrics);
        Assert.Contains("weights", row.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenParallelism_IsSearched_AndTheBestLayoutReported()
    {
        // Only the GPU count and concurrency: tp (1, 2, 4, 8 x dp) is searched; for a memory-bound 70B decode at batch 64
        // on 8 GPUs any layout fits, and the chosen one must be the best of the layouts evaluated one by one.
        var row = Predict(Row() with { Gpus = 8, Tp = null, Concurrency = 64 });
        double best = TensorParallelDegrees.Max(tp => TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"),
            BuiltInCatalog.GetModel("llama-3.3-70b"),
            new Deployment { Gpus = 8, Tp = tp, Dp = 8 / tp, Batch = 64, Weights = Precision.Fp8, KvCache = Precision.Fp8 },
            new Workload { InputTokens = 1000, OutputTokens = 1000 },
            Profile).OutputTokSGpu);

        Tolerance.Near(best, row.Metrics[0].Predicted);
        Assert.Contains("tp", row.Chosen.Keys);
    }
    [Theory]
    [InlineData("IX-sglang", true)]
    [InlineData("IX-vllm", true)]
    [InlineData("IX-atom", true)]
    [InlineData("IX-trt", false)]
    public void ColocatedSglangVllmAtomRow_LeavingTheLayoutOpen_RunsTheEnginesDefaultTpOverTheInstance(string id, bool engineDefaults)
    {
        // DeepSeek-R1 on 8 H200 at concurrency 512, 1k/1k, no layout stated. SGLang, vLLM and atom shard attention and
        // experts by TP unless launched with DP attention or EP, so the planner tries only tp 8, dp 1, ep 1; other engines
        // keep the open search (tp 1-8 x dp, ep 1 or 8), whose best layout at this batch is not tp 8 (the MLA latent is
        // replicated over tp, so every GPU reads all 512 sequences' KV). (At 8k/1k and concurrency 64 tp 8 now wins: with
        // attention DP the busiest rank's 8k prompts pace every step, ServingModel.AttentionDpPrefillImbalance.)
        var measurement = new Measurement
        {
            Id = id,
            Source = "test",
            Hardware = "h200",
            Model = "deepseek-r1",
            Weights = Precision.Fp8,
            KvCache = Precision.Fp8,
            Phase = MeasurementPhase.EndToEnd,
            Disaggregated = false,
            Gpus = 8,
            Isl = 1000,
            Osl = 1000,
            Concurrency = 512,
            OutputTokSGpu = 500,
        };
        var row = Predict(measurement);

        // The engine's own stack: SGLang and vLLM on CUDA run their fused-MoE kernel at tp 8 (RowPlanner.Stack).
        var tp8 = TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200") with { SoftwareStack = RowPlanner.Stack(SoftwarePlatform.Cuda, RowGroups.Engine(measurement)) },
            BuiltInCatalog.GetModel("deepseek-r1"),
            new Deployment { Gpus = 8, Tp = 8, Dp = 1, Ep = 1, Batch = 512, Weights = Precision.Fp8, KvCache = Precision.Fp8 },
            new Workload { InputTokens = 1000, OutputTokens = 1000 },
            Profile);

        Assert.Null(row.Error);
        if (engineDefaults)
        {
            Tolerance.Near(tp8.OutputTokSGpu, Assert.Single(row.Metrics).Predicted, what: "output tok/s/GPU at tp 8");
            Assert.Equal(("8", "1", "1"), (row.Chosen["tp"], row.Chosen["dp"], row.Chosen["ep"]));
        }
        else
        {
            Assert.True(Assert.Single(row.Metrics).Predicted > tp8.OutputTokSGpu * 1.01, "the open search finds a faster layout than tp 8");
        }
    }

    [Fact]
    public void InferenceXRowStatingNoConcurrency_RunsOnASweptTp_AtMostTheSweepsLargestConcurrency()
    {
        // An InferenceX prose row: atom, DeepSeek-R1 FP4 on MI355X, 8k/1k, neither GPU count nor concurrency stated. The
        // atom sweep (InferenceX amd-master.yaml @fba4be0) lists tp 4 at concurrency 4-128 and tp 8 at 4 only, so the planner
        // runs tp 4 or 8 at batch <= 128 (a MaxThroughput row takes the largest batch allowed). The same row from another
        // source keeps the open planner, which fills memory (batch > 128 on the GPUs it picks).
        var measurement = new Measurement
        {
            Id = "IX-dsr1-MI355X-atom",
            Source = "SemiAnalysisAI/InferenceX-app/test.mdx",
            Hardware = "mi355x",
            Model = "deepseek-r1",
            Weights = Precision.Fp4,
            Phase = MeasurementPhase.EndToEnd,
            Disaggregated = false,
            Isl = 8192,
            Osl = 1024,
            TotalTokSGpu = 3000,
        };

        var swept = Predict(measurement);
        var open = Predict(measurement with { Source = "test" });

        Assert.Null(swept.Error);
        Assert.True(swept.Chosen["gpus"] is "4" or "8", $"gpus {swept.Chosen["gpus"]} is not a TP the sweep lists");
        int batch = int.Parse(swept.Chosen["batch"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(batch <= 128, $"batch {batch} is above the sweep's largest concurrency");
        Assert.True(int.Parse(open.Chosen["batch"], System.Globalization.CultureInfo.InvariantCulture) > 128, "the open planner fills memory");
        Assert.True(Assert.Single(open.Metrics).Predicted > Assert.Single(swept.Metrics).Predicted, "filling memory is faster per GPU");
    }
}
