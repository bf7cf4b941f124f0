using TokenKernels.Tests.Support;
using TokenKernels.Traffic;
using Xunit;

namespace TokenKernels.Tests.Traffic;

/// <summary>
/// The load simulator against queueing theory and the steady-state model, on the synthetic round-number GPU and dense
/// model with the bare roofline profile (Support/Synthetic.cs). Service times come from <see cref="TokenCost.Evaluate"/>:
/// the expectations are the queueing formulas applied to them, not the simulator's own output.
/// </summary>
public class LoadSimulatorTests
{
    private static readonly double[] LoadFactors = [0.2, 0.5, 0.8, 1.2];

    private static LoadSimulation Simulation(int batch, string lengths, params ArrivalProcess[] loads) => new()
    {
        Hardware = Synthetic.Gpu(),
        Model = Synthetic.Dense(),
        Deployment = Synthetic.OneGpu(batch),
        Lengths = LengthDistribution.Parse(lengths),
        Loads = loads,
        Profile = Synthetic.Roofline(),
        RequestsPerSeed = 4000,
        Seeds = 4,
    };

    private static ServingPoint Steady(int batch, int input, int output) =>
        TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu(batch), new Workload { InputTokens = input, OutputTokens = output }, Synthetic.Roofline());

    private static LoadPoint RunOne(LoadSimulation s)
    {
        using var simulator = new LoadSimulator();
        return simulator.Run(s).Points[0];
    }

    [Fact]
    public void DeterministicSingleServer_MatchesMD1()
    {
        // Batch limit 1 and one output token: each request is one prefill step of 1000 tokens (S, about 0.16 ms here), a
        // deterministic single server. At rho = 0.5, M/D/1 waits rho / (2 mu (1 - rho)) = 0.5 S, so mean TTFT = 1.5 S.
        double service = Steady(1, 1000, 1).PrefillPerRequest.Seconds;
        var point = RunOne(Simulation(1, "1000:1", ArrivalProcess.Poisson(0.5 / service)) with { RequestsPerSeed = 20_000 });
        Assert.False(point.Saturated);
        Assert.InRange(point.TtftMean!.Value / service, 1.5 * 0.95, 1.5 * 1.05);
    }

    [Fact]
    public void PoissonWithExponentialLengths_MatchesPollaczekKhinchine()
    {
        // Prompt lengths at 64 quantiles of an exponential of mean 1500 tokens (max 1500 ln 128 = 7278, one chunk each):
        // service S(L) is close to exponential, so this is the M/M/1 case; the exact expectation for any service law is
        // Pollaczek-Khinchine: mean wait = lambda E[S^2] / (2 (1 - rho)), with E[S], E[S^2] over the 64 lengths.
        var lengths = Enumerable.Range(0, 64).Select(i => (int)Math.Round(-1500 * Math.Log(1 - ((i + 0.5) / 64)))).ToList();
        var services = lengths.Select(l => Steady(1, l, 1).PrefillPerRequest.Seconds).ToList();
        double mean = services.Average(), second = services.Average(x => x * x);
        double rate = 0.6 / mean;
        double expected = mean + (rate * second / (2 * (1 - 0.6)));
        string list = string.Join(',', lengths.Select(l => $"{l}:1@1"));
        var point = RunOne(Simulation(1, list, ArrivalProcess.Poisson(rate)) with { RequestsPerSeed = 20_000 });
        Assert.InRange(point.TtftMean!.Value / expected, 0.94, 1.06);
    }

    [Fact]
    public void LittlesLaw_TimeInSystemEqualsTheSumOfLatencies()
    {
        // The event loop integrates requests in system over time; the records give each request's latency. Little's law
        // over the whole run (empty to empty): integral N dt = sum of (done - arrival), to rounding.
        double capacity = Steady(16, 500, 100).OutputTokSGpu / 100;
        var s = Simulation(16, "lognormal:in=500,out=100,sigma=0.8", ArrivalProcess.Poisson(0.4 * capacity));
        var config = ReplicaPlan.Config(s, out _, out _);
        var list = new List<double>();
        var lengths = ReplicaPlan.Append(list, s.Loads[0], ReplicaPlan.AppendLengths(list, s), out int offset);
        double[] table = [.. list];
        var load = ReplicaPlan.Load(s, s.Loads[0], lengths, offset, 42, 0);
        var records = new double[load.Requests * ReplicaSimulation.RecordFields];
        var memory = new HostTrafficMemory(table, new double[ReplicaSimulation.StateSize(config.BatchLimit, config.Instances)], 0, records, 0);
        var summary = ReplicaSimulation.Run(ref memory, config, load);
        Assert.Equal(0, summary.Failure);
        Assert.Equal(load.Requests, summary.Completed);
        double sojourn = Enumerable.Range(0, load.Requests).Sum(i => records[(i * 5) + 2] - records[i * 5]);
        Assert.True(Math.Abs(summary.InSystemSeconds - sojourn) <= 1e-9 * sojourn, $"{summary.InSystemSeconds} vs {sojourn}");

        // And in the steady window the pooled statistics agree with it: mean in system = throughput x mean latency (5%).
        var point = RunOne(s);
        Assert.InRange(point.MeanInSystem / (point.RequestsPerSecond * point.E2eMean!.Value), 0.95, 1.05);
    }

    [Fact]
    public void LowLoad_TtftTendsToThePrefillTime()
    {
        // At 1% of capacity an arrival almost always finds the replica idle: TTFT = its own prefill.
        double capacity = Steady(8, 2000, 50).OutputTokSGpu / 50;
        double prefill = Steady(8, 2000, 50).PrefillPerRequest.Seconds;
        var point = RunOne(Simulation(8, "2000:50", ArrivalProcess.Poisson(0.01 * capacity)) with { RequestsPerSeed = 1000 });
        Assert.InRange(point.TtftP50!.Value / prefill, 0.999, 1.02);
        Assert.InRange(point.TtftMean!.Value / prefill, 0.999, 1.03);
    }

    [Fact]
    public void Saturation_ThroughputIsTheSteadyStateAtTheBatchLimit()
    {
        // Offered 3x what batch 32 can serve: the queue grows (flagged, no latencies) and the replica serves at the
        // steady-state rate of batch 32 (TokenCost.Evaluate, colocated), within 6% (prefill packing differs).
        var steady = Steady(32, 1000, 200);
        double capacity = steady.OutputTokSGpu / 200;
        var point = RunOne(Simulation(32, "1000:200", ArrivalProcess.Poisson(3 * capacity)));
        Assert.True(point.Saturated);
        Assert.Null(point.TtftP50);
        Assert.Null(point.E2eMean);
        Assert.InRange(point.OutputTokSGpu / steady.OutputTokSGpu, 0.94, 1.06);
    }

    [Fact]
    public void ClosedLoop_SettlesAtBatchC()
    {
        // Concurrency 12 under a batch limit of 64: 12 sequences in flight, so TPOT and throughput are the steady state's
        // at batch 12 (within 6%), and the mean in system is 12.
        var steady = Steady(12, 1000, 200);
        var point = RunOne(Simulation(64, "1000:200", ArrivalProcess.ClosedLoop(12)));
        Assert.False(point.Saturated);
        Assert.InRange(point.MeanInSystem, 11.5, 12.01);
        Assert.InRange(point.TpotP50!.Value / steady.Tpot.Seconds, 0.94, 1.06);
        Assert.InRange(point.OutputTokSGpu / steady.OutputTokSGpu, 0.94, 1.06);
    }

    [Fact]
    public void KvShortage_PreemptsAndStillFinishesEveryRequest()
    {
        // 2 GB of KV room (weights 145 MB): 8000 B/token gives ~232,000 tokens; 64 sequences of up to 1000 + 8000 tokens
        // need 576,000, so sequences are preempted and recomputed, and every request still completes.
        var s = Simulation(64, "1000:8000", ArrivalProcess.ClosedLoop(64)) with { Hardware = Synthetic.Gpu(memoryBytes: 2e9), RequestsPerSeed = 300, Seeds = 1 };
        var point = RunOne(s);
        Assert.True(point.Preemptions > 0);
        Assert.InRange(point.KvUtilization, 0.5, 1.0);
        Assert.Equal(300, point.SimulatedRequests);
    }

    [Fact]
    public void SameSeed_SameResult_OtherSeed_Other()
    {
        var s = Simulation(16, "lognormal:in=500,out=100,sigma=0.8", ArrivalProcess.Gamma(20, 2)) with { RequestsPerSeed = 500, Seeds = 2 };
        var a = RunOne(s);
        var b = RunOne(s);
        var c = RunOne(s with { Seed = 99 });
        Assert.Equal(a, b);
        Assert.NotEqual(a.TtftP99, c.TtftP99);
    }

    [Fact]
    public void MaxRateMeetingSla_IsBetweenTheLastLevelMeetingItAndTheFirstFailing()
    {
        double capacity = Steady(16, 1000, 100).OutputTokSGpu / 100;
        double lone = Steady(16, 1000, 100).PrefillPerRequest.Seconds;
        var rates = LoadFactors.Select(f => ArrivalProcess.Poisson(f * capacity)).ToArray();
        var s = Simulation(16, "1000:100", rates) with { MaxTtftSeconds = 5 * lone, RequestsPerSeed = 1000, Seeds = 2 };
        using var simulator = new LoadSimulator();
        var result = simulator.Run(s, findMaxRateMeetingSla: true);
        Assert.NotNull(result.MaxRateMeetingSla);
        var meeting = result.Points.Where(p => LoadSimulator.MeetsSla(s, p)).Select(p => p.Rate!.Value).ToList();
        var failing = result.Points.Where(p => !LoadSimulator.MeetsSla(s, p)).Select(p => p.Rate!.Value).ToList();
        Assert.NotEmpty(meeting);
        Assert.NotEmpty(failing);
        Assert.InRange(result.MaxRateMeetingSla!.Value, meeting.Max(), failing.Min());
    }

    [Fact]
    public void Disaggregated_LowLoadTtftIsPrefillPlusKvTransfer()
    {
        // One prefill GPU and one decode GPU. At 1% load nothing queues: TTFT = the prompt's prefill + its KV transfer,
        // which is the steady-state TTFT at batch 1 (its queueing term is 0 there: batch 1 = rate x osl x tpot).
        var deployment = new Deployment { Gpus = 2, Batch = 16, Disaggregated = true, PrefillGpus = 1, DecodeGpus = 1 };
        var steady = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), deployment with { Batch = 1 }, new Workload { InputTokens = 2000, OutputTokens = 50 }, Synthetic.Roofline());
        double capacity = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), deployment, new Workload { InputTokens = 2000, OutputTokens = 50 }, Synthetic.Roofline()).OutputTokSGpu * 2 / 50;
        var s = Simulation(16, "2000:50", ArrivalProcess.Poisson(0.01 * capacity)) with { Deployment = deployment, RequestsPerSeed = 1000 };
        var point = RunOne(s);
        Assert.InRange(point.TtftP50!.Value / steady.Ttft.Seconds, 0.999, 1.001);

        // Overloaded, the prefill pool is the queue: flagged.
        Assert.True(RunOne(s with { Loads = [ArrivalProcess.Poisson(5 * capacity)] }).Saturated);
    }

    [Fact]
    public void IlgpuKernel_EqualsManaged_ForTheSameSeeds()
    {
        // The ILGPU CPU accelerator runs ReplicaSimulation.Run as a kernel, one replica per thread; every record (arrival,
        // first token, done, lengths) must match the managed path to 1e-9 relative. Covers MTP, log-normal lengths,
        // bursty arrivals, a closed loop and preemption (0.3 GB: 155 MB of KV = 19,000 tokens for 24 sequences of ~1,400).
        var s = Simulation(24, "lognormal:in=800,out=300,sigma=0.7", ArrivalProcess.Gamma(30, 2), ArrivalProcess.ClosedLoop(24)) with
        {
            Hardware = Synthetic.Gpu(memoryBytes: 0.3e9),
            Deployment = Synthetic.OneGpu(24) with { MtpDraftTokens = 1, MtpAcceptanceLength = 1.7 },
            RequestsPerSeed = 200,
            Seeds = 2,
        };
        using var managed = new LoadSimulator(SweepBackend.Cpu);
        using var kernel = new LoadSimulator(SweepBackend.IlgpuCpu);
        var a = managed.Run(s);
        var b = kernel.Run(s);
        Assert.Equal("ilgpu-cpu", b.Backend);
        Assert.True(a.Points.Sum(p => p.Preemptions) > 0, "no preemption");
        foreach (var (x, y) in a.Points.Zip(b.Points))
        {
            AssertSameFigures(x, y, bothMissingAllowed: false);
            Assert.Equal(x.Preemptions, y.Preemptions);
        }
    }

    [Fact]
    public void RunMany_EqualsOneRunPerSimulation_OnTheManagedPathAndTheKernel()
    {
        // Three configurations (batch limits 8 and 24, different lengths and seeds, one with MTP, one with a trace-free closed
        // loop) in one launch: each replica is independent and keyed by its own seed and level, so every point must equal what
        // a run of that simulation alone gives, exactly on the managed path and to 1e-9 on the ILGPU kernel (configurations
        // indexed per replica). A launch that mixed up configurations or lengths offsets would change TTFTs by far more.
        var a = Simulation(8, "1000:100", ArrivalProcess.Poisson(2), ArrivalProcess.Poisson(6)) with { RequestsPerSeed = 300, Seeds = 2 };
        var b = Simulation(24, "lognormal:in=800,out=300,sigma=0.7", ArrivalProcess.ClosedLoop(16)) with
        {
            Deployment = Synthetic.OneGpu(24) with { MtpDraftTokens = 1, MtpAcceptanceLength = 1.7 },
            RequestsPerSeed = 300,
            Seeds = 3,
            Seed = 7,
        };
        var c = Simulation(8, "200:50@1,2000:400@1", ArrivalProcess.Gamma(3, 2)) with { RequestsPerSeed = 300, Seeds = 2 };
        using var managed = new LoadSimulator(SweepBackend.Cpu);
        using var kernel = new LoadSimulator(SweepBackend.IlgpuCpu);
        var alone = new[] { a, b, c }.Select(x => managed.Run(x)).ToList();
        int compared = 0;
        foreach (var (many, tolerance) in new[] { (managed.RunMany([a, b, c]), 0.0), (kernel.RunMany([a, b, c]), 1e-9) })
        {
            Assert.Equal(3, many.Count);
            foreach (var (x, y) in alone.Zip(many))
            {
                Assert.Equal(x.SimulatedRequests, y.SimulatedRequests);
                Assert.Equal(x.Points.Count, y.Points.Count);
                foreach (var (p, q) in x.Points.Zip(y.Points))
                {
                    Assert.Equal(p.Saturated, q.Saturated);
                    foreach (var (u, v) in new[] { (p.TtftP50, q.TtftP50), (p.TtftP99, q.TtftP99), (p.TpotP50, q.TpotP50), (p.E2eMean, q.E2eMean), ((double?)p.RequestsPerSecond, (double?)q.RequestsPerSecond) })
                    {
                        Assert.True((u is null && v is null) || (u is { } m && v is { } n && Math.Abs(m - n) <= tolerance * Math.Abs(m)), $"{u} vs {v}");
                        compared += u is null ? 0 : 1;
                    }
                }
            }
        }

        Assert.True(compared >= 20, $"only {compared} figures compared"); // most levels are not saturated

        Assert.Equal("simulations", Assert.Throws<ArgumentException>(() => managed.RunMany([])).ParamName);
        var bad = Assert.Throws<ArgumentException>(() => managed.RunMany([a, a with { Seeds = 0 }]));
        Assert.Equal("Seeds", bad.ParamName);
        Assert.StartsWith("Simulation 1:", bad.Message);
    }

    [Fact]
    public void BenchmarkLengths_SpreadUniformlyBelowTheStatedOnes()
    {
        // InferenceX's --random-range-ratio 0.8: lengths uniform in [0.8, 1] x stated; sixteen bin middles per side,
        // 1000 x (0.8 + 0.2 x (b + 0.5) / 16) = 806.25, 818.75, ..., 993.75, rounded 806, 819, ..., 994: the pairs b, 15 - b
        // sum to 1800, mean 900; outputs 80.625 ... 99.375, rounded 81 ... 99, pairs summing to 180, mean 90.
        var lengths = BenchmarkLoop.BenchmarkLengths(1000, 100);
        Assert.Equal(900, lengths.MeanInputTokens, 9);
        Assert.Equal(90, lengths.MeanOutputTokens, 9);
        Assert.Equal(994 + 99, lengths.MaxContextTokens);

        // Range ratio 1 (dstack's and ATOM's --random-range-ratio 1): every request exactly the stated lengths.
        var exact = BenchmarkLoop.BenchmarkLengths(1000, 100, 1.0);
        Assert.Equal(1000, exact.MeanInputTokens, 9);
        Assert.Equal(100, exact.MeanOutputTokens, 9);
        Assert.Equal(1100, exact.MaxContextTokens);
    }

    [Fact]
    public void ClosedLoopWithMtp_SettlesAtTheSteadyStateTpot()
    {
        // Two drafts at acceptance length 2.2 (a = 0.7 per draft): each step emits 1 to 3 tokens at random, 2.2 on average.
        // Disaggregated (one prefill GPU, one decode GPU), so no prefill step shares the decode GPU's time, and a closed
        // loop of 12: TPOT = the steady state's step at batch 12 / 2.2 (within 6%: the batch is 12 less the prompts in the
        // prefill pool, and the last step of a sequence wastes up to two drafts, about 1% of 200 tokens). Acceptance 1 (no
        // draft ever accepted) and 3 (every draft) are the corners: one token per step, and three.
        var deployment = Disaggregated3 with { Gpus = 2, DecodeGpus = 1, Batch = 64, MtpDraftTokens = 2 };
        foreach (double acceptance in new[] { 2.2, 1.0, 3.0 })
        {
            var d = deployment with { MtpAcceptanceLength = acceptance };
            var steady = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), d with { Batch = 12 }, new Workload { InputTokens = 1000, OutputTokens = 200 }, Synthetic.Roofline());
            var point = RunOne(Simulation(64, "1000:200", ArrivalProcess.ClosedLoop(12)) with { Deployment = d });
            double tpot = point.TpotP50!.Value / steady.Tpot.Seconds;
            Assert.True(tpot is >= 0.94 and <= 1.06, $"acceptance {acceptance}: TPOT {tpot} x the steady state's");
        }
    }

    private static readonly Deployment Disaggregated3 = new() { Gpus = 3, Batch = 256, Disaggregated = true, PrefillGpus = 1, DecodeGpus = 2, Weights = Precision.Fp8, KvCache = Precision.Bf16 };

    [Fact]
    public void DisaggregatedPrefillPool_PacksPromptsUpToTheSteadyStatePrefillCapacity()
    {
        // One prefill GPU, 500-token prompts, 20 output tokens (decode is never the limit). Offered 3x the pool's capacity,
        // the queue grows (flagged) and the pool runs full steps of 8192 tokens (16 whole prompts and part of a 17th), so
        // prompt tokens per second = the steady state's packed prefill capacity (PrefillTokSGpu on the one prefill GPU),
        // within 4% (contexts of split prompts differ). One prompt per step would take 16 lone 500-token steps instead.
        var work = new Workload { InputTokens = 500, OutputTokens = 20 };
        var steady = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Disaggregated3, work, Synthetic.Roofline());
        double capacityRequests = steady.PrefillTokSGpu / 500;
        var s = Simulation(256, "500:20", ArrivalProcess.Poisson(3 * capacityRequests)) with { Deployment = Disaggregated3, RequestsPerSeed = 3000, Seeds = 2 };
        var point = RunOne(s);
        Assert.True(point.Saturated);
        Assert.InRange(point.InputTokSGpu * 3 / steady.PrefillTokSGpu, 0.96, 1.04);
    }

    [Fact]
    public void DecodeInstances_EachTakesItsShareAndItsOwnLimits()
    {
        // Decode pool of 2 GPUs as 2 one-GPU instances with batch limit 16 each. A closed loop of 24 is routed 12 + 12
        // (least loaded first): TPOT = the steady state's at batch 12 on one instance (within 6%; the pool's packing and the
        // KV transfer only move TTFT), 24 in the system. A closed loop of 40 fills both instances (16 + 16) and 8 wait
        // before decode: TPOT = batch 16's, and the mean in system stays 40.
        var d = Disaggregated3 with { Batch = 16, DecodeInstances = 2 };
        var work = new Workload { InputTokens = 1000, OutputTokens = 200 };
        foreach (var (concurrency, batch) in new[] { (24, 12), (40, 16) })
        {
            var steady = TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), d with { Batch = batch }, work, Synthetic.Roofline());
            var point = RunOne(Simulation(16, "1000:200", ArrivalProcess.ClosedLoop(concurrency)) with { Deployment = d, RequestsPerSeed = 2000, Seeds = 2 });
            double tpot = point.TpotP50!.Value / steady.Tpot.Seconds;
            Assert.True(tpot is >= 0.94 and <= 1.06 && point.MeanInSystem >= concurrency - 0.5 && point.MeanInSystem <= concurrency + 0.01, $"concurrency {concurrency}: TPOT {tpot} x the steady state's, {point.MeanInSystem} in system");
        }

        // One instance vs many: 3 instances of a 3-GPU pool at a closed loop of 3 x 10 serve 3x one instance at 10 (5%).
        var one = d with { Gpus = 2, DecodeGpus = 1, DecodeInstances = 1 };
        var three = d with { Gpus = 4, DecodeGpus = 3, DecodeInstances = 3 };
        var single = RunOne(Simulation(16, "1000:200", ArrivalProcess.ClosedLoop(10)) with { Deployment = one, RequestsPerSeed = 1000, Seeds = 2 });
        var triple = RunOne(Simulation(16, "1000:200", ArrivalProcess.ClosedLoop(30)) with { Deployment = three, RequestsPerSeed = 3000, Seeds = 2 });
        Assert.InRange(triple.RequestsPerSecond / single.RequestsPerSecond, 3 * 0.95, 3 * 1.05);
        Assert.InRange(triple.TpotP50!.Value / single.TpotP50!.Value, 0.97, 1.03);
    }

    [Fact]
    public void IlgpuKernel_EqualsManaged_DisaggregatedInstancesWithMtp()
    {
        // The same equality as above on the disaggregated path: a packing prefill pool, 3 decode instances routed least
        // loaded first, MTP drawn per step, a Poisson level and a closed loop over the instances' batch limit.
        var s = Simulation(8, "lognormal:in=800,out=300,sigma=0.7", ArrivalProcess.Poisson(40), ArrivalProcess.ClosedLoop(30)) with
        {
            Deployment = Disaggregated3 with { Gpus = 4, DecodeGpus = 3, DecodeInstances = 3, Batch = 8, MtpDraftTokens = 2, MtpAcceptanceLength = 2.1 },
            RequestsPerSeed = 200,
            Seeds = 2,
        };
        using var managed = new LoadSimulator(SweepBackend.Cpu);
        using var kernel = new LoadSimulator(SweepBackend.IlgpuCpu);
        var a = managed.Run(s);
        var b = kernel.Run(s);
        foreach (var (x, y) in a.Points.Zip(b.Points))
        {
            Assert.Equal(x.Saturated, y.Saturated);
            AssertSameFigures(x, y, bothMissingAllowed: true);
        }
    }

    /// <summary>
    /// The managed path's and the kernel's TTFT P50/P99, TPOT P50, mean end-to-end, req/s and KV use agree to 1e-9 relative
    /// (a figure missing on both sides passes only where <paramref name="bothMissingAllowed"/>).
    /// </summary>
    private static void AssertSameFigures(LoadPoint x, LoadPoint y, bool bothMissingAllowed)
    {
        foreach (var (u, v) in new[] { (x.TtftP50, y.TtftP50), (x.TtftP99, y.TtftP99), (x.TpotP50, y.TpotP50), (x.E2eMean, y.E2eMean), (x.RequestsPerSecond, y.RequestsPerSecond), (x.KvUtilization, y.KvUtilization) })
        {
            Assert.True((bothMissingAllowed && u is null && v is null) || (u is { } p && v is { } q && Math.Abs(p - q) <= 1e-9 * Math.Abs(p)), $"{u} vs {v}");
        }
    }

    [Fact]
    public void BadInputs_AreNamed()
    {
        using var simulator = new LoadSimulator();
        var ok = Simulation(8, "1000:100", ArrivalProcess.Poisson(1));
        Assert.Equal("Lengths", Assert.Throws<ArgumentException>(() => simulator.Run(ok with { Lengths = LengthDistribution.Parse("90000:20000") })).ParamName);
        Assert.Equal("Lengths", Assert.Throws<ArgumentException>(() => simulator.Run(ok with { Hardware = Synthetic.Gpu(memoryBytes: 0.15e9) })).ParamName);
        Assert.Equal("RequestsPerSeed", Assert.Throws<ArgumentException>(() => simulator.Run(ok with { RequestsPerSeed = 5 })).ParamName);
        Assert.Equal("Seeds", Assert.Throws<ArgumentException>(() => simulator.Run(ok with { Seeds = 0 })).ParamName);
        Assert.Equal("Loads", Assert.Throws<ArgumentException>(() => simulator.Run(ok with { Loads = [] })).ParamName);
        Assert.Equal("MaxTtftSeconds", Assert.Throws<ArgumentException>(() => simulator.Run(ok, findMaxRateMeetingSla: true)).ParamName);
    }
}
