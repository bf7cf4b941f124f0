using TokenKernels;
using TokenKernels.Packing;
using TokenKernels.Tests.Support;
using TokenKernels.Traffic;
using Xunit;

namespace TokenKernels.Tests.Traffic;

public class BenchmarkLoopTests
{
    [Fact]
    public void Burst_WaitsForEveryPromptOfItsStep_OneByOneWaitsForItsOwn()
    {
        // The synthetic dense model on the synthetic GPU under the pure roofline (no overheads, serial share 0). A prompt of
        // ~3,700 tokens is compute-bound: 2 x 145e6 FLOP per token at 1e15 FLOP/s is ~1.1 ms against 0.15 ms of weight reads.
        // A burst of 9 (every request sent at once, concurrency 9 = requests) fits one prefill step (budget 65,536 tokens),
        // so every request's first token comes at the end of that step, whose compute is the sum of the 9 prompts' own
        // (linear terms per token, attention per prompt's own context). One at a time (concurrency 1, the same 9 requests,
        // the same lengths drawn per request), each request waits only for its own prompt. Pooled over the seeds, the
        // burst's mean TTFT is therefore exactly 9 x the one-by-one mean, and its median equals its mean (every request of
        // a seed waits the same). Any extra wait the simulator charged (a decode step, a second step) breaks the ratio.
        var hw = HardwarePacker.Pack(Synthetic.Gpu());
        var m = ModelPacker.Pack(Synthetic.Dense());
        var d = DeploymentPacker.Pack(
            new Deployment { Gpus = 1, Batch = 16, Weights = Precision.Bf16, KvCache = Precision.Bf16, PrefillChunkTokens = 65_536 },
            new Workload { InputTokens = 4096, OutputTokens = 8 },
            hw);
        var p = ProfilePacker.Pack(Synthetic.Roofline());

        double burstMean = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 9, requests: 9, mean: true, input: 4096, output: 8)!.Value;
        double burstMedian = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 9, requests: 9, mean: false, input: 4096, output: 8)!.Value;
        double oneByOne = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 1, requests: 9, mean: true, input: 4096, output: 8)!.Value;

        Assert.InRange(oneByOne, 0.9e-3, 1.6e-3);
        Assert.Equal(9.0, burstMean / oneByOne, 6);
        Assert.Equal(burstMean, burstMedian, 12);
    }

    [Fact]
    public void PrefillFirst_WithExactLengths_KeepsTheClosedLoopsCohort()
    {
        // A closed loop of 4 requests of exactly 1000:50 tokens (range ratio 1) with a prefill chunk of 1000 tokens: each
        // step prefills one whole prompt, every chunk alike (one prompt, context 0 to 1000), so each takes the same P seconds,
        // which is the TTFT of a lone request (concurrency 1: nothing else runs). Prefill first (SGLang, ATOM), a wave of 4
        // prompts takes 4 prefill-only steps with decode paused, so its requests get their first token after P, 2P, 3P, 4P;
        // then all 4 decode in step and finish in the same step, and their 4 replacements arrive together: every wave again
        // waits P, 2P, 3P, 4P, mean 2.5 P exactly. Mixed (each step also decodes the running batch), the first requests of a
        // wave start decoding while the later ones prefill, finish steps earlier, and the waves come apart: the mean is well
        // below 2.5 P.
        var hw = HardwarePacker.Pack(Synthetic.Gpu());
        var m = ModelPacker.Pack(Synthetic.Dense());
        var d = DeploymentPacker.Pack(
            new Deployment { Gpus = 1, Batch = 16, Weights = Precision.Bf16, KvCache = Precision.Bf16, PrefillChunkTokens = 1000 },
            new Workload { InputTokens = 1000, OutputTokens = 50 },
            hw);
        var p = ProfilePacker.Pack(Synthetic.Roofline());

        double lone = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 1, requests: 10, mean: true, input: 1000, output: 50, rangeRatio: 1, prefillFirst: true)!.Value;
        double first = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 4, requests: 40, mean: true, input: 1000, output: 50, rangeRatio: 1, prefillFirst: true)!.Value;
        double mixed = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 4, requests: 40, mean: true, input: 1000, output: 50, rangeRatio: 1, prefillFirst: false)!.Value;

        Assert.Equal(2.5, first / lone, 6);
        Assert.True(mixed < 2.0 * lone, $"mixed mean TTFT {mixed / lone} x a lone prefill");
    }

    [Fact]
    public void RequestRate_WithAConcurrencyCap_StartsTheClockWhenTheCapLetsARequestIn()
    {
        // The prefill-first cohort above (exact 1000:50 requests, one prompt per 1000-token chunk, each step P seconds), now
        // sent at a rate far beyond the engine (1e9 requests/s, Poisson) through a client cap of 4 in flight (vLLM's
        // --max-concurrency with --request-rate). A request held at the cap has not started its clock, so it starts when a
        // completion lets it in: every wave of 4 starts together, as in the closed loop of 4, mean TTFT 2.5 P (to within
        // the nanoseconds between arrivals, 1e-4 of P). With a cap of 40 (all the requests) nothing is held: all 40
        // arrive at once and prefill one per step, waiting P, 2P, ..., 40P: mean 20.5 P.
        var hw = HardwarePacker.Pack(Synthetic.Gpu());
        var m = ModelPacker.Pack(Synthetic.Dense());
        var d = DeploymentPacker.Pack(
            new Deployment { Gpus = 1, Batch = 64, Weights = Precision.Bf16, KvCache = Precision.Bf16, PrefillChunkTokens = 1000 },
            new Workload { InputTokens = 1000, OutputTokens = 50 },
            hw);
        var p = ProfilePacker.Pack(Synthetic.Roofline());

        double lone = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 1, requests: 10, mean: true, input: 1000, output: 50, rangeRatio: 1, prefillFirst: true)!.Value;
        double capped = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 4, requests: 40, mean: true, input: 1000, output: 50, rangeRatio: 1, prefillFirst: true, rate: 1e9)!.Value;
        double open = BenchmarkLoop.Ttft(hw, m, d, p, concurrency: 40, requests: 40, mean: true, input: 1000, output: 50, rangeRatio: 1, prefillFirst: true, rate: 1e9)!.Value;

        Assert.Equal(2.5, capped / lone, 3);
        Assert.Equal(20.5, open / lone, 3);
    }

    [Fact]
    public void RequestLargerThanTheKvCache_HasNoTtft()
    {
        // 1 GB of HBM holds the 0.29 GB of BF16 weights and about 0.6 GB of KV at 8,000 B per token (800 B x 10 layers):
        // about 80,000 tokens. A 200,000-token prompt never fits: no TTFT rather than a number.
        var hw = HardwarePacker.Pack(Synthetic.Gpu(memoryBytes: 1e9));
        var m = ModelPacker.Pack(Synthetic.Dense());
        var d = DeploymentPacker.Pack(new Deployment { Gpus = 1, Batch = 4, Weights = Precision.Bf16, KvCache = Precision.Bf16 }, new Workload { InputTokens = 1000, OutputTokens = 8 }, hw);
        Assert.Null(BenchmarkLoop.Ttft(hw, m, d, ProfilePacker.Pack(Synthetic.Roofline()), 4, null, false, 200_000, 8));
    }
}
