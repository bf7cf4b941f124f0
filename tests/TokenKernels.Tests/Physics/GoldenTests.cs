using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Physics;

/// <summary>
/// Hand-derived scenarios on <see cref="Synthetic"/> hardware and models with the pure-roofline profile.
/// Each expected value is derived in the comment above its assertion.
/// </summary>
public class GoldenTests
{
    private static ServingPoint Run(ModelSpec model, Deployment deployment, Workload? workload = null, HardwareSpec? hardware = null) =>
        TokenCost.Evaluate(hardware ?? Synthetic.Gpu(), model, deployment, workload ?? Synthetic.Chat(), Synthetic.Roofline());

    [Fact]
    public void DenseDecode_StreamsWeightsAndKv_MemoryBound()
    {
        var r = Run(Synthetic.Dense(), Synthetic.OneGpu());

        // Weights read per step: 144e6 layer params x 1 B (FP8) + LM head 1e6 x 2 B (BF16) = 146e6 B.
        // KV read: mean context 1000 + 1000/2 = 1500 tokens x 10 layers x 800 B = 12e6 B.
        // Memory: 158e6 B / 2e12 B/s = 79 us. Compute: 2 x 144e6 / 2e15 + small = 0.2 us, so memory-bound.
        Tolerance.Near(79e-6, r.DecodeStep.Seconds, what: "decode step");
        Tolerance.Near(79e-6, r.DecodeMemory.Seconds, what: "memory term");
        Assert.Equal(Bound.Memory, r.DecodeBound);
        Assert.True(r.Feasible);

        // Prefill of 1000 tokens in one chunk, compute-bound:
        //   GEMMs 2 x 1000 x 144e6 / 2e15 = 144 us; scores 2 x 1000 x 10 heads x (100 + 100) x (500 mean context x 10 layers) / 1e15 = 20 us;
        //   LM head for the last token only 2 x 1e6 / 1e15 = 0.002 us  => 164.002 us.
        Tolerance.Near(164.002e-6, r.PrefillPerRequest.Seconds, what: "prefill");

        // Colocated, batch 1: lifetime = 164.002 us prefill + 1000 x 79 us decode = 79.164002 ms;
        // output 1000 tokens per lifetime = 12632.03 tok/s; TPOT as the user sees it = lifetime / 1000 = 79.164002 us.
        Tolerance.Near(1000 / 0.079164002, r.OutputTokSGpu, what: "output tok/s/GPU");
        Tolerance.Near(79.164002e-6, r.Tpot.Seconds, what: "tpot");

        // $3.6/h = $0.001/s; total tok/s = 2 x 12632.03 => $0.001 / 25264.06 x 1e6 = $0.0395819 per Mtok.
        Tolerance.Near(0.001 / (2 * 1000 / 0.079164002) * 1e6, r.UsdPerMtokTotal!.Value.Dollars, what: "$/Mtok total");
    }

    [Fact]
    public void DecodeKernelFamilies_EachMeetTheirOwnRoofline()
    {
        // Batch 1000 of 100-in / 100-out requests on one GPU: the GEMMs are compute-bound while attention is bound by the KV
        // it reads, and the two run one after the other, so their times add (a roofline over the summed terms would let
        // the GEMMs' FLOPs hide under attention's bytes).
        var r = Run(Synthetic.Dense(), Synthetic.OneGpu() with { Batch = 1000 }, new Workload { InputTokens = 100, OutputTokens = 100 });

        // GEMMs: 1000 tokens x 2 x 144e6 / 2e15 = 144 us + LM head 1000 x 2 x 1e6 / 1e15 = 2 us => 146 us, against the weights
        //   144e6 x 1 B + 1e6 x 2 B = 146e6 B / 2e12 = 73 us => 146 us.
        // Attention: mean context 100 + 100 / 2 = 150 tokens x 10 layers; KV 1000 x 1500 x 800 B = 1.2e9 B / 2e12 = 600 us,
        //   against scores 1000 x 1500 x 2 x 10 heads x 200 / 1e15 = 6 us => 600 us.
        // Step 146 + 600 = 746 us (one roofline over the sums: max(152, 673) = 673 us).
        Tolerance.Near(746e-6, r.DecodeStep.Seconds, what: "decode step");
        Tolerance.Near(152e-6, r.DecodeCompute.Seconds, what: "compute term (sum of the families)");
        Tolerance.Near(673e-6, r.DecodeMemory.Seconds, what: "memory term (sum of the families)");
    }

    [Fact]
    public void MtpDraft_KernelFamiliesEachMeetTheirOwnRoofline()
    {
        // As above with one drafted token per sequence (acceptance 2). The main step verifies 2 tokens per sequence:
        //   GEMMs 2000 x 0.144 us + LM head 2000 x 0.002 us = 292 us (> 73 us of weights); attention reads the KV once, 600 us
        //   (> scores 12 us) => 892 us.
        // The draft, one layer's share (1/10) of the rest plus the whole LM head: GEMMs 1000 x 0.0144 us + 1000 x 0.002 us
        //   = 16.4 us against (146e6 - 2e6) / 10 + 2e6 = 16.4e6 B / 2e12 = 8.2 us => 16.4 us; attention one layer's KV
        //   1.2e9 / 10 B / 2e12 = 60 us against 0.6 us of scores => 60 us. Draft 76.4 us (one roofline over the sums:
        //   max(17, 68.2) = 68.2 us). Step 892 + 76.4 = 968.4 us.
        var r = Run(Synthetic.Dense(), Synthetic.OneGpu() with { Batch = 1000, MtpDraftTokens = 1, MtpAcceptanceLength = 2 },
            new Workload { InputTokens = 100, OutputTokens = 100 });
        Tolerance.Near(968.4e-6, r.DecodeStep.Seconds, what: "decode step with one draft");
    }

    [Fact]
    public void Fp4Weights_StreamAtTheFp4ShareOfBandwidth()
    {
        var profile = Synthetic.Roofline() with { Fp4MemoryScale = 0.5 };
        var r = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu() with { Weights = Precision.Fp4 }, Synthetic.Chat(), profile);

        // Weights: 144e6 layer params x 0.5625 B (NVFP4: 4 bits + an 8-bit scale per 16) = 81e6 B, LM head 1e6 x 2 B = 2e6 B;
        // a dense FP4 model streams them all at 0.5 x 2e12 B/s: 83e6 / 1e12 = 83 us. KV (BF16) at the full rate as in the
        // dense scenario: 12e6 / 2e12 = 6 us. Memory term 89 us.
        Tolerance.Near(89e-6, r.DecodeMemory.Seconds, what: "memory term");
    }

    [Fact]
    public void Fp4Weights_ComputeAtTheBf16RateWithoutFp4Units()
    {
        // Prefill of 1000 tokens of the dense model in FP4, compute-bound. Without FP4 units (the synthetic GPU) the weights
        // are dequantised and multiply BF16 activations: GEMMs 2 x 1000 x 144e6 / 1e15 (BF16) = 288 us; scores 20 us and the
        // LM head 0.002 us as in the dense scenario => 308.002 us. With FP4 units of 4e15 FLOP/s (scale 1 in the roofline
        // profile): GEMMs 2 x 1000 x 144e6 / 4e15 = 72 us => 92.002 us.
        var fp4 = Synthetic.OneGpu() with { Weights = Precision.Fp4 };
        Tolerance.Near(308.002e-6, Run(Synthetic.Dense(), fp4).PrefillPerRequest.Seconds, what: "prefill without FP4 units");
        var withFp4 = Synthetic.Gpu() with { Fp4Flops = new FlopRate(4e15) };
        Tolerance.Near(92.002e-6, Run(Synthetic.Dense(), fp4, hardware: withFp4).PrefillPerRequest.Seconds, what: "prefill with FP4 units");
    }

    [Fact]
    public void ExpectedActiveExperts_MatchesClosedForm()
    {
        // One token touches its k = 2 experts; two tokens 8 x (1 - (6/8)^2) = 3.5; none touch none; many touch all 8.
        Tolerance.Near(2.0, ModelGeometry.ExpectedActiveExperts(8, 2, 1));
        Tolerance.Near(3.5, ModelGeometry.ExpectedActiveExperts(8, 2, 2));
        Tolerance.Near(0.0, ModelGeometry.ExpectedActiveExperts(8, 2, 0));
        Tolerance.Near(8.0, ModelGeometry.ExpectedActiveExperts(8, 2, 10_000));
    }

    [Fact]
    public void BusiestRankTouchedShare_IsTheExpectedMaximumOfTheRanksBinomialLoads()
    {
        // 8 experts, k = 2, one token: each expert is touched with q = 1 - 6/8 = 0.25. Two ranks of 4: a rank's load is
        // Binomial(4, 0.25), pmf 0.31640625, 0.421875, 0.2109375, 0.046875, 0.00390625; CDF F(0..3) = 0.31640625,
        // 0.73828125, 0.94921875, 0.99609375. E[max of 2] = sum (1 - F(j)^2) = 0.899887085 + 0.454940796 + 0.098983765
        // + 0.007797241 = 1.461608887 experts of 4: share 0.365402222, 1.46x the mean rank's 0.25. (Exactly, without
        // replacement, both picks share a rank with probability 3/7: E[max] = 1 + 3/7 = 1.43; the binomial is close.)
        double missLog = ModelGeometry.ExpertMissLog(8, 2);
        Tolerance.Near(0.365402222, ModelGeometry.BusiestRankTouchedShare<Lane1>(missLog, 1.0, 4, 2).Value, what: "busiest of 2 ranks, 1 token");

        // One rank hosts every expert: the mean share q. No tokens touch nothing; many tokens touch every expert of every rank.
        Tolerance.Near(0.25, ModelGeometry.BusiestRankTouchedShare<Lane1>(missLog, 1.0, 8, 1).Value, what: "one rank");
        Tolerance.Near(0.0, ModelGeometry.BusiestRankTouchedShare<Lane1>(missLog, 0.0, 4, 2).Value, what: "no tokens");
        Tolerance.Near(1.0, ModelGeometry.BusiestRankTouchedShare<Lane1>(missLog, 10_000.0, 4, 2).Value, what: "every expert touched");

        // DeepSeek-R1 (256 experts, k = 8), one token over EP 4 (64 experts a rank): the busiest rank reads 1.74x the mean
        // (a Monte Carlo of uniform routing gives 1.75x); four tokens (MTP 3 verification), 1.36x.
        double dsMiss = ModelGeometry.ExpertMissLog(256, 8);
        double q1 = ModelGeometry.TouchedExpertShare(dsMiss, 1.0);
        double q4 = ModelGeometry.TouchedExpertShare(dsMiss, 4.0);
        Tolerance.Near(1.74, ModelGeometry.BusiestRankTouchedShare<Lane1>(dsMiss, 1.0, 64, 4).Value / q1, relative: 0.01, what: "DeepSeek EP4, 1 token");
        Tolerance.Near(1.36, ModelGeometry.BusiestRankTouchedShare<Lane1>(dsMiss, 4.0, 64, 4).Value / q4, relative: 0.01, what: "DeepSeek EP4, 4 tokens");

        // Past 290 tokens (1 - 8/256)^T < 1e-4 and the sum is skipped for q itself: the two sides of the switch agree to
        // within that miss share (the busiest rank's shortfall is at most m x miss experts).
        double below = ModelGeometry.BusiestRankTouchedShare<Lane1>(dsMiss, 289.0, 64, 4).Value;
        double above = ModelGeometry.BusiestRankTouchedShare<Lane1>(dsMiss, 291.0, 64, 4).Value;
        Tolerance.Near(below, above, relative: 2e-4, what: "either side of the all-touched shortcut");
        Assert.True(below >= ModelGeometry.TouchedExpertShare(dsMiss, 289.0), "the busiest rank reads no less than the mean");
    }

    [Fact]
    public void ExpertParallelDecode_ReadsTheBusiestRanksExperts()
    {
        // Synthetic.Moe on 2 GPUs at attention TP 2, batch 1: with EP 2 each GPU hosts 4 whole experts; with EP 1 (MoE TP 2)
        // all 8 at half width. Both read the same mean routed bytes (EP 2: 4 x 0.25 x 3e6 B; MoE TP 2: 8 x 0.25 x 1.5e6 B,
        // 3e6 B a layer) and the same attention, router, LM-head and KV bytes; the shared expert is sliced by MoE TP only
        // (MemoryPlan), 3e6 B a layer at EP 2 against 1.5e6 B, 6e6 B more over 4 layers (3 us at 2e12 B/s). EP 2 reads the
        // busiest rank's experts: 1.46160888671875 x 3e6 B a layer (BusiestRankTouchedShare above), 0.46160888671875 x 3e6
        // x 4 layers = 5.5393066e6 B more, 2.7696533 us. Together 5.7696533 us more memory time.
        var profile = Synthetic.Roofline();
        var ep2 = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu() with { Gpus = 2, Tp = 2, Ep = 2 }, Synthetic.Chat(), profile);
        var moeTp2 = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu() with { Gpus = 2, Tp = 2, Ep = 1 }, Synthetic.Chat(), profile);
        Tolerance.Near(5.7696533e-6, ep2.DecodeMemory.Seconds - moeTp2.DecodeMemory.Seconds, what: "busiest EP rank's extra expert reads and the unsliced shared expert");
    }

    [Fact]
    public void MoeDecode_ReadsOnlyTouchedExperts()
    {
        var r = Run(Synthetic.Moe(), Synthetic.OneGpu(batch: 2));

        // Two tokens touch 3.5 of 8 experts. Per layer: attention 2.4e6 B + (3.5 + 1 shared) x 3e6 B + router 8000 x 2 B.
        // 4 layers: 9.6e6 + 54e6 + 0.064e6 = 63.664e6 B; LM head 2e6 B => 65.664e6 B of weights.
        // KV: 2 sequences x 1500 x 4 layers x 800 B = 9.6e6 B. Memory: 75.264e6 / 2e12 = 37.632 us.
        Tolerance.Near(37.632e-6, r.DecodeMemory.Seconds, what: "memory term");
        Assert.Equal(Bound.Memory, r.DecodeBound);
    }

    [Fact]
    public void RocmKernelFamilies_SlowExpertStreamingAndKvReadsByTheirOwnFactors()
    {
        var rocm = Synthetic.Gpu() with { SoftwareStack = SoftwarePlatform.Rocm };
        var profile = Synthetic.Roofline() with { RocmMoeGemmScale = 0.5, RocmAttentionScale = 0.25 };
        var r = TokenCost.Evaluate(rocm, Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);

        // As MoeDecode_ReadsOnlyTouchedExperts, split by kernel family. At the full 2e12 B/s: attention 4 x 2.4e6, shared
        // experts 4 x 3e6, router 4 x 16e3, LM head 2e6 = 23.664e6 B. Routed experts, 3.5 touched x 3e6 B x 4 layers = 42e6 B,
        // stream at half the rate (as 84e6 B); KV, 2 x 1500 x 4 x 800 B = 9.6e6 B, at a quarter (as 38.4e6 B).
        // (23.664e6 + 84e6 + 38.4e6) / 2e12 = 73.032 us.
        Tolerance.Near(73.032e-6, r.DecodeMemory.Seconds, what: "memory term on ROCm");

        // The same part on CUDA ignores both factors: 37.632 us as in MoeDecode_ReadsOnlyTouchedExperts.
        var cuda = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        Tolerance.Near(37.632e-6, cuda.DecodeMemory.Seconds, what: "memory term on CUDA");
    }

    [Theory]
    [InlineData(SoftwarePlatform.Rocm, 115.032e-6, 474.528e-9)]
    [InlineData(SoftwarePlatform.RocmAiter, 73.29e-6, 293.16e-9)]
    public void RocmBlockScaledFp8Experts_TakeTheirFamilyFactorOnBothRocmStacks(SoftwarePlatform stack, double expected, double expectedCompute)
    {
        // As RocmKernelFamilies_...: the FP8 routed experts, 3.5 touched x 3e6 B x 4 layers = 42e6 B, now also take
        // rocm_block_fp8_moe_scale 0.5. Framework stack: experts at 0.5 x 0.5 of the rate (as 168e6 B), KV at 0.25 (as
        // 38.4e6 B), the other 23.664e6 B at full rate: (23.664e6 + 168e6 + 38.4e6) / 2e12 = 115.032 us. AITER-native:
        // everything at rocm_aiter_scale 0.8, the experts at a further 0.5 (as 84e6 B): (23.664e6 + 84e6 + 9.6e6) / 1.6e12 = 73.29 us.
        var part = Synthetic.Gpu() with { SoftwareStack = stack };
        var profile = Synthetic.Roofline() with { RocmMoeGemmScale = 0.5, RocmAttentionScale = 0.25, RocmAiterScale = 0.8, RocmBlockFp8MoeScale = 0.5 };
        var r = TokenCost.Evaluate(part, Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        Tolerance.Near(expected, r.DecodeMemory.Seconds, what: "memory term, FP8 experts");

        // The checkpoint's other FP8 GEMMs (attention projections, shared expert, router) are block-scaled too and run at
        // 0.5 of the FP8 rate; the LM head (BF16) and attention scores (BF16) do not. Per token, framework stack: attention
        // weights 2 x 4 x 2.4e6 / (2e15 x 0.5) = 19.2 ns; shared + router 2 x 4 x 3.008e6 / 1e15 = 24.064 ns; routed 2 x 4 x 2
        // x 3e6 / (2e15 x 0.5 x 0.5) = 96 ns; LM head 2 x 1e6 / 1e15 = 2 ns; scores 2 x 10 x 200 x (1500 x 4) / (1e15 x 0.25)
        // = 96 ns; 237.264 ns x 2 tokens = 474.528 ns. AITER-native, every rate x 0.8 and no framework family: 24 + 30.08 + 60
        // + 2.5 + 30 = 146.58 ns x 2 = 293.16 ns.
        Tolerance.Near(expectedCompute, r.DecodeCompute.Seconds, what: "compute term, FP8 experts");

        // BF16 experts are not block-scaled: the factor changes nothing. Nor does it touch a CUDA part's FP8 experts.
        var bf16 = Synthetic.OneGpu(batch: 2) with { Weights = Precision.Bf16 };
        var without = profile with { RocmBlockFp8MoeScale = 1 };
        Assert.Equal(
            TokenCost.Evaluate(part, Synthetic.Moe(), bf16, Synthetic.Chat(), without).Tpot.Seconds,
            TokenCost.Evaluate(part, Synthetic.Moe(), bf16, Synthetic.Chat(), profile).Tpot.Seconds);
        Assert.Equal(
            TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), without).Tpot.Seconds,
            TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile).Tpot.Seconds);
    }

    [Fact]
    public void HopperBlockScaledFp8MlaExperts_StreamAtTheirOwnShare()
    {
        // An FP8 MLA MoE on a CUDA part without FP4 (the round GPU, a Hopper stand-in), one GPU, batch 2: two tokens touch
        // 3.5 of 8 experts, 3.5 x 3e6 B x 4 layers = 42e6 B of routed-expert weights, 21 us at the full 2e12 B/s. With
        // hopper_block_fp8_stream_scale 0.5 they stream at half the rate, as 84e6 B: 42 us, 21 us more. Nothing else moves
        // (attention weights, shared expert, router, LM head and KV keep their rates; compute is unchanged).
        var profile = Synthetic.Roofline() with { HopperBlockFp8StreamScale = 0.5 };
        var without = profile with { HopperBlockFp8StreamScale = 1 };
        ServingPoint Eval(HardwareSpec part, ModelSpec model, Deployment d, EfficiencyProfile p) => TokenCost.Evaluate(part, model, d, Synthetic.Chat(), p);
        var on = Eval(Synthetic.Gpu(), Synthetic.Mla(), Synthetic.OneGpu(batch: 2), profile);
        var off = Eval(Synthetic.Gpu(), Synthetic.Mla(), Synthetic.OneGpu(batch: 2), without);
        Tolerance.Near(21e-6, on.DecodeMemory.Seconds - off.DecodeMemory.Seconds, what: "routed experts' extra streaming time");
        Assert.Equal(off.DecodeCompute.Seconds, on.DecodeCompute.Seconds);

        // Not on a part with FP4 tensor cores (Blackwell scales blocks in the MMA), not for BF16 experts, not for a GQA MoE
        // (its FP8 checkpoint may be per-tensor), not on ROCm (rocm_block_fp8_moe_scale covers it there).
        var blackwell = Synthetic.Gpu() with { Fp4Flops = new FlopRate(4e15) };
        var bf16 = Synthetic.OneGpu(batch: 2) with { Weights = Precision.Bf16 };
        var rocm = Synthetic.Gpu() with { SoftwareStack = SoftwarePlatform.Rocm };
        Assert.Equal(Eval(blackwell, Synthetic.Mla(), Synthetic.OneGpu(batch: 2), without).Tpot.Seconds, Eval(blackwell, Synthetic.Mla(), Synthetic.OneGpu(batch: 2), profile).Tpot.Seconds);
        Assert.Equal(Eval(Synthetic.Gpu(), Synthetic.Mla(), bf16, without).Tpot.Seconds, Eval(Synthetic.Gpu(), Synthetic.Mla(), bf16, profile).Tpot.Seconds);
        Assert.Equal(Eval(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu(batch: 2), without).Tpot.Seconds, Eval(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu(batch: 2), profile).Tpot.Seconds);
        Assert.Equal(Eval(rocm, Synthetic.Mla(), Synthetic.OneGpu(batch: 2), without).Tpot.Seconds, Eval(rocm, Synthetic.Mla(), Synthetic.OneGpu(batch: 2), profile).Tpot.Seconds);
    }

    [Fact]
    public void CudaFramework_SlowsRoutedExpertsOnlyWithoutExpertParallelism()
    {
        // As MoeDecode_ReadsOnlyTouchedExperts on one GPU (no expert parallelism): the routed experts, 3.5 touched x 3e6 B x 4
        // layers = 42e6 B, stream at framework_moe_gemm_scale 0.5 of the rate (as 84e6 B); the rest, 23.664e6 B of weights
        // and 9.6e6 B of KV, at the CUDA rate; the ROCm factors do not apply. (23.664e6 + 84e6 + 9.6e6) / 2e12 = 58.632 us.
        var framework = Synthetic.Gpu() with { SoftwareStack = SoftwarePlatform.CudaFramework };
        var profile = Synthetic.Roofline() with { FrameworkMoeGemmScale = 0.5, RocmEfficiencyScale = 0.3, RocmMoeGemmScale = 0.2, RocmAttentionScale = 0.1 };
        var r = TokenCost.Evaluate(framework, Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        Tolerance.Near(58.632e-6, r.DecodeMemory.Seconds, what: "memory term, framework fused MoE");

        // With the experts parallel (EP 2 over attention DP 2) the framework runs the tuned kernels: the step is CUDA's.
        var ep = Synthetic.OneGpu(batch: 2) with { Gpus = 2, Tp = 1, Dp = 2, Ep = 2 };
        var withEp = TokenCost.Evaluate(framework, Synthetic.Moe(), ep, Synthetic.Chat(), profile);
        var cuda = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), ep, Synthetic.Chat(), profile);
        Assert.Equal(cuda.Tpot.Seconds, withEp.Tpot.Seconds);
        Assert.Equal(cuda.DecodeMemory.Seconds, withEp.DecodeMemory.Seconds);

        // A dense model has no routed experts: the framework stack changes nothing.
        var dense = TokenCost.Evaluate(framework, Synthetic.Dense(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        var denseCuda = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        Assert.Equal(denseCuda.Tpot.Seconds, dense.Tpot.Seconds);
    }

    [Fact]
    public void CudaFramework_Fp4Experts_StreamAtTheFullRate_AndComputeAtTheFactorOnlyWithoutFp4Units()
    {
        // FP4 routed experts under a general framework on CUDA run W4A16 (Marlin, OpenAI's triton_kernels) on a part without
        // FP4 tensor cores: streaming their weights takes no framework factor, multiplying them takes it. Synthetic.Moe()
        // on one GPU at batch 2, BF16 KV: 2 tokens x 4 layers x 2 experts x 3e6 params x 2 FLOPs = 96e6 FLOPs of routed
        // experts, at the BF16 rate (no FP4 units) of 1e15 on CUDA (96 ns) and 0.5e15 under the framework (192 ns): the
        // framework's compute term is 96 ns longer, its memory term the same.
        var fp4 = Synthetic.OneGpu(batch: 2) with { Weights = Precision.Fp4 };
        var profile = Synthetic.Roofline() with { FrameworkMoeGemmScale = 0.5 };
        var hopper = Synthetic.Gpu();
        var cuda = TokenCost.Evaluate(hopper, Synthetic.Moe(), fp4, Synthetic.Chat(), profile);
        var framework = TokenCost.Evaluate(hopper with { SoftwareStack = SoftwarePlatform.CudaFramework }, Synthetic.Moe(), fp4, Synthetic.Chat(), profile);
        Tolerance.Near(cuda.DecodeMemory.Seconds, framework.DecodeMemory.Seconds, what: "memory term, FP4 experts, W4A16");
        Tolerance.Near(96e-9, framework.DecodeCompute.Seconds - cuda.DecodeCompute.Seconds, what: "compute term, FP4 experts, W4A16");

        // Streaming the same experts in FP8 takes the factor: 3.5 touched x 3e6 B x 4 layers = 42e6 B at half of 2e12 B/s,
        // 21 us longer than on CUDA.
        var fp8Cuda = TokenCost.Evaluate(hopper, Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        var fp8Framework = TokenCost.Evaluate(hopper with { SoftwareStack = SoftwarePlatform.CudaFramework }, Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        Tolerance.Near(21e-6, fp8Framework.DecodeMemory.Seconds - fp8Cuda.DecodeMemory.Seconds, what: "memory term, FP8 experts");

        // On a part with FP4 tensor cores the framework runs TensorRT-LLM-gen's FP4 MoE kernels: compute and memory are CUDA's.
        var blackwell = hopper with { Fp4Flops = new FlopRate(4e15) };
        var b = TokenCost.Evaluate(blackwell, Synthetic.Moe(), fp4, Synthetic.Chat(), profile);
        var bFramework = TokenCost.Evaluate(blackwell with { SoftwareStack = SoftwarePlatform.CudaFramework }, Synthetic.Moe(), fp4, Synthetic.Chat(), profile);
        Assert.Equal(b.DecodeCompute.Seconds, bFramework.DecodeCompute.Seconds);
        Assert.Equal(b.DecodeMemory.Seconds, bFramework.DecodeMemory.Seconds);
    }

    [Fact]
    public void Fp8Attention_RunsDecodeScoresAtTheFp8Rate_OnlyWithAnFp8Cache()
    {
        // Synthetic.Moe() (GQA, 10 query heads of 100 + 100) on one GPU at batch 2, 1000 in / 1000 out: each decode token
        // attends to a mean 1500 tokens in 4 layers, 2 x 10 x 200 x 1500 x 4 = 24e6 FLOPs of scores. At BF16 (1e15) that is
        // 24 ns a token, at FP8 (2e15) 12 ns: with 2 tokens the FP8 kernel's compute term is 24 ns shorter. This part has no
        // FP4 units, so without the flag the scores stay BF16 under every stack.
        var fp8Kv = Synthetic.OneGpu(batch: 2) with { KvCache = Precision.Fp8 };
        var profile = Synthetic.Roofline();
        var bf16Scores = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), fp8Kv, Synthetic.Chat(), profile);
        var fp8Scores = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), fp8Kv with { Fp8Attention = true }, Synthetic.Chat(), profile);
        Tolerance.Near(24e-9, bf16Scores.DecodeCompute.Seconds - fp8Scores.DecodeCompute.Seconds, what: "decode scores, FP8 kernel");
        Assert.Equal(bf16Scores.DecodeMemory.Seconds, fp8Scores.DecodeMemory.Seconds);

        // Prefill is untouched (the flag names a decode kernel), and with a BF16 cache the flag changes nothing.
        Assert.Equal(bf16Scores.Ttft.Seconds, fp8Scores.Ttft.Seconds);
        var bf16Kv = Synthetic.OneGpu(batch: 2);
        Assert.Equal(
            TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), bf16Kv, Synthetic.Chat(), profile).DecodeCompute.Seconds,
            TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), bf16Kv with { Fp8Attention = true }, Synthetic.Chat(), profile).DecodeCompute.Seconds);
    }

    [Fact]
    public void RocmAiterNative_TakesItsOneScaleOnEveryRate_AndNoFamilyFactor()
    {
        // Same step as RocmKernelFamilies_...: under an AITER-native engine the family factors (0.5, 0.25) and the framework
        // stack scale (0.3) do not apply; every rate, weights and KV alike, runs at rocm_aiter_scale 0.8 of the CUDA figure:
        // (23.664e6 + 42e6 + 9.6e6) B / (0.8 x 2e12 B/s) = 75.264e6 / 1.6e12 = 47.04 us.
        var aiter = Synthetic.Gpu() with { SoftwareStack = SoftwarePlatform.RocmAiter };
        var profile = Synthetic.Roofline() with { RocmEfficiencyScale = 0.3, RocmMoeGemmScale = 0.5, RocmAttentionScale = 0.25, RocmAiterScale = 0.8 };
        var r = TokenCost.Evaluate(aiter, Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        Tolerance.Near(47.04e-6, r.DecodeMemory.Seconds, what: "memory term on ROCm, AITER-native");

        // The framework stack on the same part: 0.3 x (23.664e6 / 2e12 + 42e6 / (0.5 x 2e12) + 9.6e6 / (0.25 x 2e12)) is
        // (11.832 + 42 + 19.2) us / 0.3 = 243.44 us; the AITER-native step is faster than it whatever the CUDA figures.
        var framework = TokenCost.Evaluate(aiter with { SoftwareStack = SoftwarePlatform.Rocm }, Synthetic.Moe(), Synthetic.OneGpu(batch: 2), Synthetic.Chat(), profile);
        Tolerance.Near(243.44e-6, framework.DecodeMemory.Seconds, what: "memory term on ROCm, framework kernels");
    }

    [Fact]
    public void MlaKvCache_IsLatentPlusRopePerLayer()
    {
        // (kv_lora 100 + rope 20) x 2 B x 4 layers = 960 B per token in BF16; 480 B in FP8.
        Assert.Equal(960.0, Synthetic.Mla().KvBytesPerToken(Precision.Bf16).Bytes);
        Assert.Equal(480.0, Synthetic.Mla().KvBytesPerToken(Precision.Fp8).Bytes);

        // GQA for contrast: 2 KV heads x (100 + 100) x 2 B x 10 layers = 8000 B.
        Assert.Equal(8000.0, Synthetic.Dense().KvBytesPerToken(Precision.Bf16).Bytes);
    }

    [Fact]
    public void MlaDownProjections_AreReplicatedAcrossAttentionTp()
    {
        // Synthetic.Mla() per layer: W_q_a 1000 x 200 = 0.2e6, W_q_b 200 x 10 x (80 + 20) = 0.2e6, W_kv_a 1000 x (100 + 20)
        // = 0.12e6, W_kv_b 100 x 10 x (80 + 100) = 0.18e6, W_o 10 x 100 x 1000 = 1e6: 1.7e6 params, of which the two
        // down-projections, 1000 x (200 + 100 + 20) = 0.32e6, sit whole on every attention-TP rank (vLLM/SGLang ReplicatedLinear).
        // On TP2 in FP8 (1 B): attention 4 layers x ((1.7e6 - 0.32e6) / 2 + 0.32e6) = 4 x 1.01e6 = 4.04e6 B (4 x 0.85e6 = 3.4e6
        // B if all were sharded); experts 4 x (8 + 1 shared) x 3e6 / MoE-TP 2 = 54e6 B; router 4 x 1000 x 8 x 2 B = 0.064e6 B;
        // embedding and LM head (1e6 + 1e6) / 2 x 2 B = 2e6 B. Stored: 60.104e6 B.
        var tp2 = Synthetic.OneGpu() with { Gpus = 2, Tp = 2 };
        Tolerance.Near(60.104e6, Run(Synthetic.Mla(), tp2).WeightsPerGpu.Bytes, what: "MLA weights on TP2");

        // GQA shards all of its attention: Synthetic.Moe() differs only in attention, 2.4e6 params per layer / 2 = 1.2e6:
        // 4.8e6 + 54e6 + 0.064e6 + 2e6 = 60.864e6 B.
        Tolerance.Near(60.864e6, Run(Synthetic.Moe(), tp2).WeightsPerGpu.Bytes, what: "GQA weights on TP2");
    }

    [Fact]
    public void TensorParallel_AllReducePerLayer()
    {
        var r = Run(Synthetic.Dense(), Synthetic.OneGpu() with { Gpus = 2, Tp = 2 });

        // One token's activations: 1000 x 2 B = 2000 B. Ring all-reduce over 2 GPUs: 2 x 1/2 x 2000 B / 100e9 B/s = 20 ns.
        // Two per layer (after attention, after the FFN) x 10 layers = 400 ns.
        Tolerance.Near(400e-9, r.DecodeNetwork.Seconds, what: "network term");

        // Beyond the 8-GPU domain the ring runs on scale-out: 2 x 15/16 x 2000 B / 10e9 B/s = 375 ns.
        var hw = Packing.HardwarePacker.Pack(Synthetic.Gpu());
        var profile = Packing.ProfilePacker.Pack(Synthetic.Roofline());
        Tolerance.Near(375e-9, Communication.AllReduceSeconds(hw, profile, 16, 2000));
        Tolerance.Near(0.0, Communication.AllReduceSeconds(hw, profile, 1, 2000));
    }

    [Theory]
    [InlineData(SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.RocmAiter)]
    public void RocmStacks_ReachTheirShareOfLinkBandwidth(SoftwarePlatform stack)
    {
        // As TensorParallel_AllReducePerLayer, with rocm_collective_scale 0.5: collectives reach half the link rate, so the
        // 400 ns of all-reduces take 800 ns; the scale-out ring of 16, 375 ns on CUDA, takes 750 ns. A CUDA stack ignores it.
        var profile = Synthetic.Roofline() with { RocmCollectiveScale = 0.5 };
        var rocm = Synthetic.Gpu() with { SoftwareStack = stack };
        var r = TokenCost.Evaluate(rocm, Synthetic.Dense(), Synthetic.OneGpu() with { Gpus = 2, Tp = 2 }, Synthetic.Chat(), profile);
        Tolerance.Near(800e-9, r.DecodeNetwork.Seconds, what: "network term on ROCm");
        Tolerance.Near(750e-9, Communication.AllReduceSeconds(Packing.HardwarePacker.Pack(rocm), Packing.ProfilePacker.Pack(profile), 16, 2000));
        var cuda = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu() with { Gpus = 2, Tp = 2 }, Synthetic.Chat(), profile);
        Tolerance.Near(400e-9, cuda.DecodeNetwork.Seconds, what: "network term on CUDA");
    }

    [Fact]
    public void ExpertParallelWithoutAttentionDp_AllReducesOncePerMoeLayer()
    {
        var profile = Synthetic.Roofline() with { ScaleUpLatency = Duration.FromSeconds(1e-6) };
        var tpEp = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu() with { Gpus = 2, Tp = 2, Ep = 2 }, Synthetic.Chat(), profile);

        // Attention TP2, experts EP2, one sequence: both GPUs hold the token after attention's all-reduce, so nothing is
        // dispatched; each MoE layer ends in one all-reduce over the 2 GPUs (routed + shared experts' partial sums).
        // Per all-reduce: ring over 2 GPUs, 2 x 1/2 x (1000 x 2 B) / 100e9 B/s = 20 ns, plus 1 us latency.
        // 4 layers x (attention + MoE) = 8 all-reduces: 8 x 1.020 us = 8.16 us.
        // (The old charge, two all-to-alls per MoE layer, was 4 x 1.02 + 4 x (2 x 1 us + 2 x 1/2 x 3000 B / 100e9 / 2 GPUs) = 12.14 us.)
        Tolerance.Near(8.16e-6, tpEp.DecodeNetwork.Seconds, what: "network term, TP2 EP2");

        // With attention DP2 each GPU holds its own sequence: the token is dispatched and combined (one all-to-all pair per
        // MoE layer, whose fixed time is all_to_all_latency_s, here 3 us, not 2 x the 1 us collective latency) and no
        // all-reduce runs. Per token: 2 experts x 1/2 of the copies leave the GPU, FP8 out + BF16 back,
        // 2 x 1/2 x 3000 B / 100e9 B/s = 30 ns; 4 layers x (3 us + 30 ns) = 12.12 us (8.12 us if the pair paid 2 x 1 us).
        var dpEp = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu(batch: 2) with { Gpus = 2, Tp = 1, Dp = 2, Ep = 2 }, Synthetic.Chat(),
            profile with { AllToAllLatency = Duration.FromSeconds(3e-6) });
        Tolerance.Near(12.12e-6, dpEp.DecodeNetwork.Seconds, what: "network term, DP2 EP2");
    }

    [Theory]
    [InlineData(1, 49.9e-6)]
    [InlineData(2048, 494.8e-6)]
    public void ScaleUpAllToAllPair_MatchesTensorRtLlmOneSidedKernels(int tokensPerRank, double measured)
    {
        // TensorRT-LLM tech blog 18 (NVLinkOneSided AlltoAll, GB200 NVL72, 900 GB/s one way, DeepSeek-V3 hidden 7168, top-8),
        // EP 8: batch 1, dispatch 18.9 + combine 31.0 us = 49.9 us (BF16); batch 2048, MXFP8 dispatch 172.2 us ("Post-Quant
        // Dispatch") + BF16 combine 322.6 us = 494.8 us. Both kernels reach ~80 % of the link at large batch.
        // By hand, with all_to_all_latency_s 49.9 us and collective efficiency 0.8: FP8 out + BF16 back is 3 x 7168 B per
        // copy; 8 copies x 7/8 leave the GPU, at 900e9 x 0.8 = 720e9 B/s:
        // batch 1: 49.9 us + 7 x 21,504 B / 720e9 = 49.9 + 0.209 = 50.11 us;
        // batch 2048: 49.9 us + 2048 x 7 x 21,504 B / 720e9 = 49.9 + 428.17 = 478.07 us.
        var hw = Packing.HardwarePacker.Pack(Synthetic.Gpu() with { ScaleUpBandwidth = new Bandwidth(900e9), ScaleUpDomainGpus = 72 });
        var profile = Packing.ProfilePacker.Pack(Synthetic.Roofline() with { CollectiveEfficiency = 0.8, AllToAllLatency = Duration.FromMicroseconds(49.9) });
        double modelled = Communication.AllToAllPairLatency(hw, profile, 8)
            + (Communication.AllToAllSecondsPerTokenByte(hw, profile, 8, 8, nodeLimited: false) * tokensPerRank * 7168 * 3);
        Tolerance.Near(tokensPerRank == 1 ? 50.109e-6 : 478.07e-6, modelled, relative: 1e-3, what: $"EP8 pair at {tokensPerRank} tokens per rank");
        Assert.InRange(modelled / measured, 0.95, 1.05);

        // Across domains the pair pays two scale-out collective latencies instead; a group of one pays nothing.
        var twoDomains = Packing.ProfilePacker.Pack(Synthetic.Roofline() with { ScaleOutLatency = Duration.FromMicroseconds(30) });
        Tolerance.Near(60e-6, Communication.AllToAllPairLatency(hw, twoDomains, 144));
        Tolerance.Near(0.0, Communication.AllToAllPairLatency(hw, profile, 1));
    }

    [Theory]
    [InlineData(16, 275.2512e-6, 313e-6)]
    [InlineData(32, 412.8768e-6, 428e-6)]
    [InlineData(64, 481.6896e-6, 487e-6)]
    [InlineData(128, 516.096e-6, 561e-6)]
    [InlineData(256, 533.2992e-6, 554e-6)]
    public void MultiNodeDecodeAllToAll_MatchesDeepEpLowLatencyKernels(int ep, double derived, double deepEp)
    {
        // DeepEP's low-latency kernels (deepseek-ai/DeepEP README, "Low-latency kernels with pure RDMA"): H800, ~160 GB/s
        // NVLink, one CX7 400 Gb/s NIC (~50 GB/s) per GPU, 128 tokens per GPU, hidden 7168, top-8, FP8 dispatch + BF16
        // combine; dispatch + combine = 118 + 195 (EP16), 155 + 273 (EP32), 173 + 314 (EP64), 192 + 369 (EP128),
        // 194 + 360 us (EP256).
        var hw = Packing.HardwarePacker.Pack(Synthetic.Gpu() with { ScaleUpBandwidth = new Bandwidth(160e9), ScaleOutBandwidth = new Bandwidth(50e9) });
        var profile = Packing.ProfilePacker.Pack(Synthetic.Roofline() with { CollectiveEfficiency = 0.8 });

        // By hand: 128 tokens x 7168 x (1 + 2) B = 2,752,512 B per copy set. D = ep / 8 domains; of the 8 copies of a
        // token, 8 (D-1)/D cross the NIC (each on its own, pure RDMA) at 50e9 x 0.8 = 40e9 B/s and 8/D stay on NVLink at
        // 128e9 B/s; the NIC is the slower: EP16 4 / 40e9 x 2,752,512 = 275.25 us; EP32 6 copies 412.88 us; EP64 7 copies
        // 481.69 us; EP128 7.5 copies 516.10 us; EP256 7.75 copies 533.30 us.
        double modelled = Communication.AllToAllSecondsPerTokenByte(hw, profile, ep, 8, nodeLimited: false) * 128 * 7168 * 3;
        Tolerance.Near(derived, modelled, what: $"EP{ep} dispatch + combine");

        // The bandwidth term alone, at 80 % of the NIC, lands within 15 % of DeepEP's measured time at every EP size.
        Assert.InRange(modelled / deepEp, 0.85, 1.0);
    }

    [Fact]
    public void MemoryLimit_BoundsBatchAndContext()
    {
        var gpu = Synthetic.Gpu(memoryBytes: 200e6);

        // Stored weights: 144e6 B (FP8 layers) + (embedding 1e6 + LM head 1e6) x 2 B = 148e6 B; KV capacity 200e6 - 148e6 = 52e6 B.
        // One sequence at 1000 + 1000 tokens: 2000 x 10 layers x 800 B = 16e6 B => max batch floor(52 / 16) = 3.
        var fits = Run(Synthetic.Dense(), Synthetic.OneGpu(batch: 3), hardware: gpu);
        Assert.True(fits.Feasible);
        Assert.Equal(3, fits.MaxBatch);
        Tolerance.Near(148e6, fits.WeightsPerGpu.Bytes, what: "weights");

        var tooMany = Run(Synthetic.Dense(), Synthetic.OneGpu(batch: 4), hardware: gpu);
        Assert.Equal(InfeasibleReason.KvCacheExceedsMemory, tooMany.Reason);
        Assert.Equal(0.0, tooMany.OutputTokSGpu);

        // Max context for one sequence: 52e6 B / (10 layers x 800 B) = 6500 tokens.
        Assert.Equal(6500, Run(Synthetic.Dense(), Synthetic.OneGpu(batch: 1), hardware: gpu).MaxContext);

        // The usable fraction applies to what the weights and reserve leave free (TensorRT-LLM's kv_cache_free_gpu_mem_fraction):
        // (200e6 - 148e6 - 2e6 reserve) x 0.5 = 25e6 B => one 16e6 B sequence fits, two do not.
        var half = TokenCost.Evaluate(gpu, Synthetic.Dense(), Synthetic.OneGpu(batch: 1), Synthetic.Chat(),
            Synthetic.Roofline() with { UsableMemoryFraction = 0.5, ActivationReserve = new ByteCount(2e6) });
        Tolerance.Near(25e6, half.KvCapacityPerGpu.Bytes, what: "KV capacity");
        Assert.Equal(1, half.MaxBatch);

        var noRoom = Run(Synthetic.Dense(), Synthetic.OneGpu(), hardware: Synthetic.Gpu(memoryBytes: 100e6));
        Assert.Equal(InfeasibleReason.WeightsExceedMemory, noRoom.Reason);
    }

    [Fact]
    public void Prefill_PrefixHitsSkipComputeAndLongPromptsChunk()
    {
        // Half of 1000 tokens cached: 500 fresh tokens attend to 500 cached + 250 mean new = 750 context.
        //   GEMMs 2 x 500 x 144e6 / 2e15 = 72 us + LM head 0.002 us against their weights 146e6 B / 2e12 = 73 us: the GEMMs
        //   are bound by the weights, 73 us. Attention: scores 2 x 500 x 10 x 200 x (750 x 10) / 1e15 = 15 us against the KV
        //   750 x 10 x 800 = 6e6 B / 2e12 = 3 us: 15 us. The two kernel families in turn: 73 + 15 = 88 us (one roofline
        //   over the sums would give max(87.002, 76) = 87.002 us).
        var cached = Run(Synthetic.Dense(), Synthetic.OneGpu(), new Workload { InputTokens = 1000, OutputTokens = 1000, PrefixCacheHit = 0.5 });
        Tolerance.Near(88e-6, cached.PrefillPerRequest.Seconds, what: "prefill with prefix hits");

        // 20000 tokens in 8192-token chunks: 3 chunks, each modelled at the mean context 10000.
        //   GEMMs 2 x 8192 x 144e6 / 2e15 = 1.179648 ms; scores 2 x 8192 x 10 x 200 x (10000 x 10) / 1e15 = 3.2768 ms;
        //   LM head 0.002 us => 4.456450 ms per chunk, x 3 = 13.369350 ms.
        var chunked = Run(Synthetic.Dense(), Synthetic.OneGpu(), new Workload { InputTokens = 20_000, OutputTokens = 100 });
        Tolerance.Near(3 * 4.456450e-3, chunked.PrefillPerRequest.Seconds, what: "chunked prefill");
    }

    [Fact]
    public void Mtp_DividesStepByAcceptedTokens()
    {
        var plain = Run(Synthetic.Dense(), Synthetic.OneGpu());
        var mtp = Run(Synthetic.Dense(), Synthetic.OneGpu() with { MtpDraftTokens = 1, MtpAcceptanceLength = 2 });

        // Verifying 2 tokens per sequence adds about 0.4 us of compute to a 79 us memory-bound step (KV is read once).
        // The draft is a forward step of its own through one block and the whole LM head: a layer's share of the other
        // weights (146e6 - 2e6 LM head) / 10 = 14.4e6 B, a layer's share of the KV 12e6 / 10 = 1.2e6 B, and the LM head again
        // 2e6 B => 17.6e6 B / 2e12 B/s = 8.8 us. Step 79 + 8.8 = 87.8 us; TPOT = 87.8 / 2 = 43.9 us in the decode itself.
        Tolerance.Near(87.8e-6, mtp.DecodeStep.Seconds, what: "step with one draft");
        // tok/s/user: 79 / 43.9 = 1.7995x in the decode; prefill's share of the time moves it only in the fourth digit.
        Assert.InRange(mtp.TokSUser / plain.TokSUser, 1.79, 1.81);
    }

    [Fact]
    public void MtpDraft_PaysTheDraftOverheadInPlaceOfTheStepOverhead()
    {
        var profile = Synthetic.Roofline() with { StepOverhead = Duration.FromSeconds(10e-6), DraftOverhead = Duration.FromSeconds(3e-6) };
        var r = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu() with { MtpDraftTokens = 1, MtpAcceptanceLength = 2 }, Synthetic.Chat(), profile);

        // As above with a 10 us step overhead and a 3 us draft overhead: the main step pays the step's, 79 + 10 = 89 us; the
        // draft, which runs inside that step's iteration, pays its own, 8.8 + 3 = 11.8 us (not the step's again, 18.8 us)
        // => 100.8 us per decode step.
        Tolerance.Near(100.8e-6, r.DecodeStep.Seconds, what: "step with one draft and overheads");
    }

    [Fact]
    public void MlaLayers_PayTheirExtraKernelsOverhead()
    {
        // Overheads only in the profile: layer 2 us, MLA's extra 1 us per layer. Synthetic.Mla() has 4 layers: 4 x (2 + 1)
        // = 12 us per decode step; the same MoE with GQA attention (Synthetic.Moe()) pays 4 x 2 = 8 us.
        var profile = Synthetic.Roofline() with { LayerOverhead = Duration.FromSeconds(2e-6), MlaLayerOverhead = Duration.FromSeconds(1e-6) };
        var mla = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Mla(), Synthetic.OneGpu(), Synthetic.Chat(), profile);
        var gqa = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Moe(), Synthetic.OneGpu(), Synthetic.Chat(), profile);
        Tolerance.Near(12e-6, mla.DecodeOverhead.Seconds, what: "MLA overhead term");
        Tolerance.Near(8e-6, gqa.DecodeOverhead.Seconds, what: "GQA overhead term");
    }

    [Fact]
    public void EagerDecode_PaysAHostLaunchPerLayer_PrefillDoesNot()
    {
        var profile = Synthetic.Roofline() with { EagerLayerLaunch = Duration.FromSeconds(20e-6) };
        var graphs = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu(), Synthetic.Chat(), profile);
        var eager = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu() with { CudaGraphs = false }, Synthetic.Chat(), profile);
        var eagerMtp = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu() with { CudaGraphs = false, MtpDraftTokens = 1, MtpAcceptanceLength = 2 }, Synthetic.Chat(), profile);

        // With graphs the launch cost is not charged: the dense scenario's memory-bound 79 us step.
        Tolerance.Near(79e-6, graphs.DecodeStep.Seconds, what: "decode step with graphs");
        // Eager: each of the 10 layers adds 20 us of host dispatch on top of the device time => 79 + 10 x 20 = 279 us.
        Tolerance.Near(279e-6, eager.DecodeStep.Seconds, what: "eager decode step");
        Tolerance.Near(200e-6, eager.DecodeOverhead.Seconds, what: "eager overhead term");
        // Prefill is eager in every engine and its long kernels hide the launches: 164.002 us either way (dense scenario).
        Tolerance.Near(164.002e-6, eager.PrefillPerRequest.Seconds, what: "prefill");
        // An eager draft step launches its one block too: main 79 + 200 us, draft 8.8 + 20 us (MTP scenario) => 307.8 us.
        Tolerance.Near(307.8e-6, eagerMtp.DecodeStep.Seconds, what: "eager step with one draft");
    }

    [Fact]
    public void LoneRequestPrefill_ChargesOnlyItsRanksExpertWork()
    {
        // Collectives made free (scale-up 1e18 B/s) so the prefill is GEMMs, scores and weights alone.
        var gpu = Synthetic.Gpu() with { ScaleUpBandwidth = new Bandwidth(1e18) };
        var r = Run(Synthetic.Moe(), new Deployment { Gpus = 8, Tp = 1, Dp = 8, Ep = 8, Batch = 8, Weights = Precision.Fp8, KvCache = Precision.Bf16 }, hardware: gpu);

        // A lone 1000-token prompt in one chunk on one dp rank (tp 1), FP8 GEMMs at 2e15 FLOP/s:
        //   attention 2 x 4 layers x 2.4e6 x 1000 = 19.2e9 FLOPs; shared expert + router 2 x 4 x (3e6 + 8000) x 1000 = 24.064e9;
        //   routed experts: the prompt's 1000 tokens x 2 of 8 experts x 3e6 x 2 x 4 layers spread over 8 GPUs = 6e9
        //   (not 8 ranks' worth, 48e9, as if every rank held a prompt) => 49.264e9 / 2e15 = 24.632 us;
        //   scores 2 x 1000 x 10 heads x 200 x (500 mean context x 4 layers) / 1e15 = 8 us; LM head 2 x 1e6 / 1e15 = 0.002 us.
        //   Each kernel family against its own weights or KV: dense GEMMs (attention projections, shared expert, router, LM
        //   head) 43.264e9 / 2e15 + 0.002 = 21.634 us against 9.6e6 + 12e6 + 64e3 + 2e6 = 23.664e6 B / 2e12 = 11.832 us =>
        //   21.634 us; routed experts 3 us against their 1 hosted expert x 3e6 x 4 layers = 12e6 B (all touched by 1000
        //   tokens) / 2e12 = 6 us => 6 us; attention 8 us against KV 500 x 4 x 800 = 1.6e6 B / 2e12 = 0.8 us => 8 us.
        //   Prefill 21.634 + 6 + 8 = 35.634 us (one roofline over the sums: max(32.634, 18.632) = 32.634 us).
        Tolerance.Near(35.634e-6, r.PrefillPerRequest.Seconds, what: "lone-request prefill");
    }

    [Fact]
    public void Decode_IsPacedByTheBusiestDataParallelRank()
    {
        var r = Run(Synthetic.Dense(), new Deployment { Gpus = 2, Tp = 1, Dp = 2, Batch = 3, Weights = Precision.Fp8, KvCache = Precision.Bf16 });

        // Batch 3 over 2 dp ranks: the busier holds ceil(3 / 2) = 2 sequences (as the memory plan sizes its KV).
        // Its step reads the weights 146e6 B and 2 x 1500 x 10 layers x 800 B = 24e6 B of KV => 170e6 / 2e12 = 85 us
        // (the mean rank, 1.5 sequences, would read 164e6 B: 82 us).
        Tolerance.Near(85e-6, r.DecodeStep.Seconds, what: "decode step");
    }

    [Fact]
    public void PipelineLastStage_HoldsTheWholeLmHead()
    {
        var r = Run(Synthetic.Dense(), new Deployment { Gpus = 2, Tp = 1, Dp = 1, Pp = 2, Batch = 2, Weights = Precision.Fp8, KvCache = Precision.Bf16 });

        // Two stages of 5 layers, 2 micro-batches of 1 sequence. The last stage reads 5 x 14.4e6 = 72e6 B of layer weights,
        // the whole LM head 1e6 x 2 B = 2e6 B (not half of it) and 1500 x 5 x 800 B = 6e6 B of KV => 80e6 / 2e12 = 40 us;
        // the hand-off of one token's 2000 B activations to the next stage over scale-up, 2000 / 100e9 = 0.02 us => 40.02 us
        // per stage step, and a token step runs both micro-batches through it: 2 x 40.02 = 80.04 us.
        Tolerance.Near(80.04e-6, r.DecodeStep.Seconds, what: "decode step");
    }

    [Fact]
    public void ColocatedTtft_WaitsHalfTheStepInFlight()
    {
        var r = Run(Synthetic.Dense(), Synthetic.OneGpu());

        // From the dense scenario: decode step 79 us, prefill 164.002 us. A new prompt arrives at a random moment of the
        // step in flight and waits its remaining half, 39.5 us; prompts ahead of it (M/D/1) add share / (2 (1 - share)) x
        // prefill with share / (1 - share) = 164.002 / 79000, i.e. 164.002 / 158000 x 164.002 = 0.170232 us; then its own
        // 164.002 us prefill => 203.672232 us.
        Tolerance.Near(203.672232e-6, r.Ttft.Seconds, what: "ttft");
    }

    [Fact]
    public void Disaggregated_RateIsTheSlowerPool()
    {
        var d = new Deployment
        {
            Gpus = 2,
            Disaggregated = true,
            PrefillGpus = 1,
            DecodeGpus = 1,
            Batch = 1,
            Weights = Precision.Fp8,
        };
        var r = Run(Synthetic.Dense(), d);

        // Decode pool: 1 request per 1000 x 79 us = 79 ms => 12.658 req/s; prefill pool: 1 per 164.002 us => 6097 req/s.
        // The decode pool sets the rate: 12.658 req/s x 1000 output tokens / 2 GPUs = 6329.1 tok/s/GPU; TPOT = 79 us.
        Tolerance.Near(1000 / 0.079 / 2, r.OutputTokSGpu, what: "output tok/s/GPU");
        Tolerance.Near(79e-6, r.Tpot.Seconds, what: "tpot");
        Assert.Equal(2, r.TotalGpus);
    }

    [Fact]
    public void DecodePool_OfSeveralInstances_MultipliesTheDecodeRate()
    {
        var d = new Deployment
        {
            Gpus = 4,
            Disaggregated = true,
            PrefillGpus = 1,
            DecodeGpus = 3,
            DecodeInstances = 3,
            Batch = 1,
            Weights = Precision.Fp8,
        };
        var r = Run(Synthetic.Dense(), d);

        // Three 1-GPU decode instances, each as the single instance above: 12.658 req/s each, 37.975 req/s in all, far below
        // the prefill pool's 6097 req/s. Output: 37.975 x 1000 / 4 GPUs = 9493.7 tok/s/GPU; TPOT stays 79 us.
        Tolerance.Near(3 * 1000 / 0.079 / 4, r.OutputTokSGpu, what: "output tok/s/GPU");
        Tolerance.Near(79e-6, r.Tpot.Seconds, what: "tpot");
        Assert.Equal(4, r.TotalGpus);

        // A pool the instances do not divide is rejected, naming the parameter.
        var e = Assert.Throws<ArgumentException>(() => Run(Synthetic.Dense(), d with { DecodeInstances = 2 }));
        Assert.Equal(nameof(Deployment.DecodeInstances), e.ParamName);
    }
    [Fact]
    public void AttentionDpPrefill_IsPacedByTheBusiestRank()
    {
        static double Factor(double sequencesPerRank, double chunksPerSequenceStep, int dp, bool moe = true) =>
            ServingModel.AttentionDpPrefillImbalance<Lane1>(sequencesPerRank, chunksPerSequenceStep, dp, moe).Value;

        // TensorRT-LLM's B200 max-throughput run: 896 sequences per rank, each finishing after 2048 steps, so q = 896 / 2048 =
        // 0.4375 new prompts per rank per step. No prompt on any of 8 ranks: 0.5625^8 = 0.31640625^4 = 0.1001129150^2 =
        // 0.0100225952; the busiest rank has one with chance 0.9899774048, against the mean 0.4375: 2.2628055 x the
        // balanced prefill time.
        Tolerance.Near(2.2628055, Factor(896, 1.0 / 2048, 8), what: "DP8 at q 0.4375");

        // Two ranks at q = 0.5: 1 - 0.5^2 = 0.75 against 0.5 => 1.5.
        Tolerance.Near(1.5, Factor(512, 1.0 / 1024, 2), what: "DP2 at q 0.5");

        // One rank is its own busiest rank: (1 - (1 - q)) / q = 1.
        Tolerance.Near(1.0, Factor(896, 1.0 / 2048, 1), what: "DP1");

        // Every rank takes prompts every step (q = 4096 / 1024 = 4 >= 1): balanced, 1.
        Tolerance.Near(1.0, Factor(4096, 1.0 / 1024, 8), what: "q above 1");

        // A dense model's DP ranks are replicas that never meet at an all-to-all: 1 at any q.
        Tolerance.Near(1.0, Factor(896, 1.0 / 2048, 8, moe: false), what: "dense replicas");

        // Prompts balanced over the ranks (TensorRT-LLM's enable_balance, context wait only): tech blog 10 measures 33,499
        // tok/s balanced and 25,664 round robin against 39,552 perfectly balanced, losses of 39552 / 33499 - 1 = 0.1806920
        // and 39552 / 25664 - 1 = 0.5411471, so 0.1806920 / 0.5411471 = 0.3339054 of the round-robin excess is left:
        // 1 + 0.3339054 x (2.2628055 - 1) = 1.4216576, where the same DP8 run as prompts come pays 2.2628055.
        Tolerance.Near(0.3339054, ServingModel.AdpBalanceResidualShare, what: "residual share");
        Tolerance.Near(1.4216576, ServingModel.AttentionDpPrefillImbalance<Lane1>(896, 1.0 / 2048, 8, moe: true, balanced: true).Value, what: "balanced");

        // Balance changes nothing where there is no imbalance: one rank, or a dense model.
        Tolerance.Near(1.0, ServingModel.AttentionDpPrefillImbalance<Lane1>(896, 1.0 / 2048, 1, moe: true, balanced: true).Value, what: "balanced DP1");
        Tolerance.Near(1.0, ServingModel.AttentionDpPrefillImbalance<Lane1>(896, 1.0 / 2048, 8, moe: false, balanced: true).Value, what: "balanced dense");
    }

    [Fact]
    public void BlackwellTensorRtLlmDecode_ScoresAnFp8CacheAtTheFp8Rate()
    {
        // Dense model, one GPU, batch 1, 1000 in / 1000 out: decode context 1000 + 500 = 1500 tokens x 10 layers = 15000
        // token-layers. Compute per step: GEMMs 2 x 144e6 / 2e15 = 0.144 us, LM head 2 x 1e6 / 1e15 = 0.002 us, scores
        // 2 x 10 heads x (100 + 100) x 15000 = 6e7 FLOPs: 0.06 us at the BF16 1e15, 0.03 us at the FP8 2e15.
        var blackwell = Synthetic.Gpu() with { Fp4Flops = new FlopRate(4e15) };
        double Compute(HardwareSpec hw, Precision kv) =>
            Run(Synthetic.Dense(), Synthetic.OneGpu() with { KvCache = kv }, hardware: hw).DecodeCompute.Seconds;

        // TensorRT-LLM (the CUDA stack) on a part with FP4 tensor cores and an FP8 cache: FP8 MQA, 0.144 + 0.002 + 0.03 us.
        Tolerance.Near(0.176e-6, Compute(blackwell, Precision.Fp8), what: "Blackwell, FP8 cache");

        // A BF16 cache, a part without FP4 (Hopper), or a framework's kernels: BF16 scores, 0.144 + 0.002 + 0.06 us.
        Tolerance.Near(0.206e-6, Compute(blackwell, Precision.Bf16), what: "Blackwell, BF16 cache");
        Tolerance.Near(0.206e-6, Compute(Synthetic.Gpu(), Precision.Fp8), what: "no FP4, FP8 cache");
        Tolerance.Near(0.206e-6, Compute(blackwell with { SoftwareStack = SoftwarePlatform.CudaFramework }, Precision.Fp8), what: "framework, FP8 cache");
    }

    [Fact]
    public void HopperTunedDecode_ReadsTheKvCacheAtLeastAtFlashMlasBandwidth()
    {
        // Dense model, one GPU, batch 1, 1000 in / 1000 out, a profile whose KV reads reach half of peak. Decode memory per
        // step: weights 144e6 x 1 B (FP8) + LM head 1e6 x 2 B = 146e6 B at the full 2e12 B/s = 73 us; KV 1500 tokens x 10
        // layers x 800 B = 12e6 B.
        var profile = Synthetic.Roofline() with { KvMemoryEfficiency = 0.5 };
        var blackwell = Synthetic.Gpu() with { Fp4Flops = new FlopRate(4e15) };
        double Memory(HardwareSpec hw, EfficiencyProfile p) =>
            TokenCost.Evaluate(hw, Synthetic.Dense(), Synthetic.OneGpu(), Synthetic.Chat(), p).DecodeMemory.Seconds;

        // The CUDA stack on a part with FP8 and no FP4 tensor cores (Hopper): KV at FlashMLA's 3000 / 3352 = 0.8949881 of
        // peak, 12e6 / (2e12 x 0.8949881) = 6.7040 us (= 12e6 x 3352 / 6e15), so 73 + 6.704 = 79.704 us.
        Tolerance.Near(0.8949881, ForwardPass.HopperTunedKvEfficiency, what: "3000 / 3352");
        Tolerance.Near(79.704e-6, Memory(Synthetic.Gpu(), profile), what: "Hopper, tuned stack");

        // Blackwell, or a framework's kernels on Hopper: the profile's 0.5, 12e6 / 1e12 = 12 us, so 85 us.
        Tolerance.Near(85e-6, Memory(blackwell, profile), what: "Blackwell");
        Tolerance.Near(85e-6, Memory(Synthetic.Gpu() with { SoftwareStack = SoftwarePlatform.CudaFramework }, profile), what: "framework on Hopper");

        // A profile above the floor keeps its own figure: 12e6 / (2e12 x 0.95) = 6.3158 us, so 79.3158 us.
        Tolerance.Near(79.3158e-6, Memory(Synthetic.Gpu(), profile with { KvMemoryEfficiency = 0.95 }), what: "Hopper, profile above the floor");
    }

    [Fact]
    public void ColocatedPrefill_GetsTheTokenBudgetTheRunningSequencesLeave()
    {
        // 100-token prompts, 100 out, one GPU, a 1100-token budget per step (max_num_tokens). A prompt of 100 tokens has
        // mean context 50, 50 x 10 layers = 500 token-layers, 500 x 800 B = 0.4e6 B of KV per sequence.
        var workload = new Workload { InputTokens = 100, OutputTokens = 100 };
        ServingPoint At(int batch) => Run(Synthetic.Dense(), Synthetic.OneGpu(batch) with { PrefillChunkTokens = 1100 }, workload);

        // Batch 1000: the running sequences take 1000 of the 1100 tokens, so a step packs one 100-token prompt:
        //   GEMMs 2 x 100 x 144e6 / 2e15 = 14.4 us; scores 2 x 10 x 200 / 1e15 x 100 x 500 = 0.2 us; LM head 0.002 us;
        //   memory (146e6 + 0.4e6) / 2e12 = 73.2 us > 14.602 us: 73.2 us for 100 tokens, 1,366,120.2 tok/s.
        //   (Packing the whole 1100-token budget with prompts would give 1100 / 160.622 us = 6.85e6 tok/s.)
        Tolerance.Near(1_366_120.2, At(1000).PrefillTokSGpu, what: "prefill rate at batch 1000");

        // Batch 600: 500 tokens left, five prompts a step:
        //   GEMMs 72 us + scores 1.0 us + LM head 0.01 us = 73.01 us; memory (146e6 + 5 x 0.4e6) / 2e12 = 74 us:
        //   500 / 74 us = 6,756,756.8 tok/s.
        Tolerance.Near(6_756_756.8, At(600).PrefillTokSGpu, what: "prefill rate at batch 600");
    }
}
