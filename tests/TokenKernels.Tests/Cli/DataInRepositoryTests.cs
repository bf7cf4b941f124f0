using System.Text.Json.Nodes;
using TokenKernels.Calibration;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>The README's fidelity commands work from a clone: the measurements and their schema are in data/.</summary>
public class DataInRepositoryTests
{
    [Fact]
    public async Task Validate_OnTheShippedMeasurements_WorksFromTheRepositoryRoot_AsTheReadmeSays()
    {
        const string Command = "validate --data data/measurements-public.csv";
        Assert.Contains(Command, File.ReadAllText(RepoPaths.File("README.md")), StringComparison.Ordinal);

        using var cli = RepoPaths.StartCli([.. Command.Split(' '), "--json"], RepoPaths.Root);
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();

        Assert.True(cli.ExitCode == 0, await stderr);
        var rows = JsonNode.Parse(await stdout)!["rows"]!.AsArray();
        int dataRows = MeasurementRows(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(dataRows, rows.Count);
        Assert.All(rows, r => Assert.Null(r!["error"]));
    }

    [Fact]
    public void TheSchemaDocument_NamedInHelpAndErrors_DescribesEveryColumn()
    {
        string schema = File.ReadAllText(RepoPaths.File("data", "README.md"));
        string header = File.ReadLines(RepoPaths.File("data", "measurements-public.csv")).First();
        Assert.All(header.Split(','), column => Assert.Contains($"`{column}`", schema, StringComparison.Ordinal));
    }

    // The rows added after the 2026-12-03 fit (data/README.md, "Rows added after which fit"): each id names the engine that
    // served it, so the leave-one-engine-out protocol holds it out with its engine, and each per-GPU figure is the source's
    // stated total divided by its stated GPU count, worked by hand here:
    //   Moreh 512/512 ShareGPT: 66,194.80 output tok/s over 5 servers x 8 MI300X = 40 GPUs -> 66,194.80 / 40 = 1,654.87;
    //   Moreh 2000/2000 Gutenberg: 50,892.65 / 40 = 1,272.31625;
    //   ROCm wide-EP prefill: 32.3k input tok/s per 8-GPU node -> 32,300 / 8 = 4,037.5; decode 12.4k -> 12,400 / 8 = 1,550;
    //   ATOM recipe, 8x MI300X FP8 at concurrency 128: 4,274 output tok/s / 8 = 534.25; with MTP3 at 256: 7,284 / 8 = 910.5;
    //   ATOM Qwen3-235B on MI355X, 1000/1000 at 256: TP8 + EP8 22,239.78 total tok/s / 8 = 2,779.9725, TP4 + EP4 16,506.71 / 4 = 4,126.6775.
    // The rows added after the fit of commit 5fa3c70's profile (2026-12-03, session 4), the same way:
    //   SGLang cookbook, DeepSeek-R1 on 8x B200, 1K/1K at concurrency 100: 2,282.90 output tok/s / 8 = 285.3625;
    //   8K/1K at 64: 1,468.50 / 8 = 183.5625;
    //   GPUStack, DeepSeek-R1 on 8x H200, vLLM TP8, 4000/200 burst of 500: 15,808.55 total tok/s / 8 = 1,976.06875;
    //   SGLang TP8 + DP attention, 2000/100: 19,024.33 / 8 = 2,378.04125;
    //   GPUStack, Qwen3-235B FP8 on one TP4 instance of H100, 4000/200: 16,478.79 / 4 = 4,119.6975;
    //   GPUStack, gpt-oss-120b on 2 H100 (TP2), 32000/100: 32,471.01 / 2 = 16,235.505.
    // The rows added after the fit of commit ecbb684's profile (2026-12-03, session 5), the same way:
    //   Azure AI benchmarking guide, Llama 3 70B FP8 TP8 on ND H200 v5, 128/128: 11,973 output tok/s / 8 = 1,496.625;
    //   Llama 3.1 8B FP8 TP1 on ND H100 v5, 128/128: 15,163 / 1 = 15,163;
    //   Llama 3 405B FP8 TP8 on ND MI300X v5 (vLLM), 2048/2048: 1,840 / 8 = 230.
    // The rows added after the fit of 2026-12-03 (sixth session; session 7), the same way, except the ROCm blog's batch
    // latencies, whose output rate is derived (batch x 2048 output tokens / latency / 8 GPUs, kept to 4 decimals):
    //   ROCm blog 'Best practices' (MI300X vLLM), Llama 3.1 70B FP8 TP8, 128/2048: 15,105 output tok/s / 8 = 1,888.125;
    //   the same table's H100 TensorRT-LLM 0.16, Llama 3.1 405B, 2048/2048: 1,563 / 8 = 195.375;
    //   its latency table, 70B on MI300X, batch 1 at 2048/2048 in 19,089 ms: 2048 / 19.089 / 8 = 13.41086... -> 13.4109;
    //   405B on H100, batch 128 in 195,622 ms: 128 x 2048 / 195.622 / 8 = 167.50672... -> 167.5067;
    //   ROCm/vllm dev-docker, 405B FP8 TP8 on MI300X, 2048/2048: 2,174.1 tokens/s / 8 = 271.7625;
    //   Oracle OCI, 405B FP8 on 8 MI300X, batch 256 at 128/128: 1,846 output TPS / 8 = 230.75;
    //   TensorRT-LLM tech blog 10, DeepSeek V3 on 8 GB200 with ADP balance: 34,140 TPS / 8 = 4,267.5.
    [Theory]
    [InlineData("MOREH-MI300X-vllm-512-512-sharegpt", "vllm", 1654.87)]
    [InlineData("MOREH-MI300X-vllm-2000-2000-gutenberg", "vllm", 1272.31625)]
    [InlineData("ROCMWEP-MI300X-vllm-prefill-2000", "vllm", 4037.5)]
    [InlineData("ROCMWEP-MI300X-vllm-decode-2000-100", "vllm", 1550.0)]
    [InlineData("ATOMR-MI300X-atom-fp8-1k1k-c128", "atom", 534.25)]
    [InlineData("ATOMR-MI300X-atom-fp8-mtp3-1k1k-c256", "atom", 910.5)]
    [InlineData("ATOMQ-MI355X-atom-tp8ep8-1000-1000-c256", "atom", 2779.9725)]
    [InlineData("ATOMQ-MI355X-atom-tp4ep4-1000-1000-c256", "atom", 4126.6775)]
    [InlineData("SGLCB-B200-sglang-tp8-1k1k-c100", "sglang", 285.3625)]
    [InlineData("SGLCB-B200-sglang-tp8-8k1k-c64", "sglang", 183.5625)]
    [InlineData("GPUS-DSR1-H200-vllm-tp8-4000-200-c500", "vllm", 1976.06875)]
    [InlineData("GPUS-DSR1-H200-sglang-tp8-dpattn-2000-100-c500", "sglang", 2378.04125)]
    [InlineData("GPUS-Q235-H100-vllm-tp4-fp8-4000-200-c500", "vllm", 4119.6975)]
    [InlineData("GPUS-GOSS-H100-vllm-tp2-32000-100-c100", "vllm", 16235.505)]
    [InlineData("AZ-H200-trtllm-Llama70B-tp8-128-128", "tensorrt-llm", 1496.625)]
    [InlineData("AZ-H100-trtllm-Llama8B-tp1-128-128", "tensorrt-llm", 15163.0)]
    [InlineData("AZ-MI300X-vllm-Llama405B-tp8-2048-2048", "vllm", 230.0)]
    [InlineData("ROCMBP-MI300X-vllm-L70B-tp8-128-2048", "vllm", 1888.125)]
    [InlineData("ROCMBP-H100-trtllm-L405B-tp8-2048-2048", "tensorrt-llm", 195.375)]
    [InlineData("ROCMBP-MI300X-vllm-L70B-tp8-2048-2048-bs1", "vllm", 13.4109)]
    [InlineData("ROCMBP-H100-trtllm-L405B-tp8-2048-2048-bs128", "tensorrt-llm", 167.5067)]
    [InlineData("ROCMVD-MI300X-vllm-L405B-tp8-2048-2048", "vllm", 271.7625)]
    [InlineData("OCI-MI300X-vllm-L405B-tp8-128-128-bs256", "vllm", 230.75)]
    [InlineData("TRTADP-GB200-trt-DSV3-adp8ep8-balance", "tensorrt-llm", 4267.5)]
    public void RowsAddedAfterTheFit_NameTheirEngine_AndDivideTheStatedTotalExactly(string id, string engine, double perGpu)
    {
        var row = Assert.Single(MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv")), r => r.Id == id);
        Assert.Equal(engine, RowGroups.Engine(row));
        Assert.Equal(perGpu, row.OutputTokSGpu ?? row.InputTokSGpu ?? row.TotalTokSGpu);
    }

    // Engine limits (data/README.md, "Engine limits"), per attention rank. Stated: Azure's MI300X vLLM command
    // --max-num-seqs 3000 --max-num-batched-tokens 131072; dstack's trtllm-serve MAX_BATCH_SIZE=512, MAX_NUM_TOKENS=16384;
    // the TensorRT-LLM best-practice blog --max_batch_size 896 --max_num_tokens 2048 (B200 max throughput) and
    // --max_batch_size 1 (min latency, no --max_num_tokens: empty); GPUStack's --max-num-batched-tokens 16384 (no max-num-seqs).
    // Derived by hand from trtllm-bench's tuning heuristic for Azure's 2048/2048 build (FP8 weights and KV):
    //   requests = (GiB x TP - params / 1e9) x 0.95 x 2^30 / (2 x layers x 8 heads x 128 bytes) / 4096;
    //   H100 8B:   (79.647 - 8.030) x 0.95 = 68.04 GB -> 68.04 x 2^30 / 65,536 / 4096 = 272.15 -> 128 x ceil(2.13) = 384;
    //              tokens 2 x 272.15 = 544 -> at least 2048;
    //   H100 405B: (8 x 79.647 - 405.853) x 0.95 = 219.76 GB -> / 258,048 bytes per token / 4096 = 223.25 -> 32 x 7 = 224, 2048;
    //   H200 70B:  (8 x 140.401 - 70.554) x 0.95 = 1000.02 GB -> / 163,840 / 4096 = 1600.04 -> 256 x ceil(6.25) = 1792;
    //              tokens 2 x 1600.04 = 3200.08 -> 256 x ceil(12.5) = 3328.
    // Derived by hand for the perf overview's trtllm-bench throughput runs (PyTorch backend, no limits stated; per row's
    // ISL/OSL, fraction 0.95, FP8 KV, engine GiB = checkpoint count x bytes per weight / 2^30; chunked prefill off, so
    // max_num_tokens >= ISL + max_batch):
    //   H200 70B FP8 TP1 2048/2048: 140.401 - 70,553,706,496 / 2^30 (65.708) = 74.693 x 0.95 = 70.958 GiB
    //              -> 70.958 x 2^30 / 163,840 / 4096 = 113.53 -> 32 x ceil(3.55) = 128; tokens 227 -> 2048, floor 2048 + 128 = 2176;
    //   B200 70B FP4 TP1 128/128: 179.062 - 40,606,375,936 x 0.5 / 2^30 (18.909) = 160.153 x 0.95 = 152.145 GiB
    //              -> 152.145 x 2^30 / 163,840 / 256 = 3894.9 -> 256 x ceil(15.21) = 4096; tokens 7789.8 -> 512 x 16 = 8192;
    //   B200 Qwen3-235B FP4 TP8 2048/128: 8 x 179.062 - 132,806,618,624 x 0.5 / 2^30 (61.84) = 1370.65 x 0.95 = 1302.12 GiB
    //              -> / (2 x 94 x 8 x 128 = 192,512 bytes) / 2176 = 3337.6 -> 256 x ceil(13.04) = 3584;
    //              tokens min(3337.6 x 17, 32768) = 32768.
    [Theory]
    [InlineData("AZ-MI300X-vllm-Llama8B-tp1-128-128", 3000, 131072)]
    [InlineData("DSTK-H200-trt-llm-c128", 512, 16384)]
    [InlineData("TRTBP-B200-maxtp-fp8kv", 896, 2048)]
    [InlineData("TRTBP-H200-minlat", 1, null)]
    [InlineData("GPUS-Q235-H100-vllm-tp4-fp8-32000-100-c100", null, 16384)]
    [InlineData("AZ-H100-trtllm-Llama8B-tp1-500-2000", 384, 2048)]
    [InlineData("AZ-H100-trtllm-Llama405B-tp8-128-128", 224, 2048)]
    [InlineData("AZ-H200-trtllm-Llama70B-tp8-1024-1024", 1792, 3328)]
    [InlineData("TRTPO-Llama3.370B-H200-TP1-2048-2048", 128, 2176)]
    [InlineData("TRTPO-Llama3.370B-B200-TP1-128-128", 4096, 8192)]
    [InlineData("TRTPO-Qwen3-235B-A22B-B200-TP8-2048-128", 3584, 32768)]
    [InlineData("SGLCB-B200-sglang-tp8-1k1k-c100", null, null)]
    // InferenceX's H200 TensorRT-LLM MTP script with DP attention at concurrency 256, 8K/1K (benchmarks/dsr1_fp8_h200_trt_mtp.sh):
    //   --max_batch_size CONC / TP = 256 / 8 = 32; MTP 1, so --max_num_tokens ((1 + 1) x 32 + 8192 + 64 + 63) / 64 x 64
    //   = 8383 / 64 = 130 (integer) x 64 = 8320.
    [InlineData("IXB-DSR1-8k/1k-H200-trt", 32, 8320)]
    public void EngineLimits_AreTheStatedOrBuildDerivedOnes(string id, int? maxBatch, int? maxNumTokens)
    {
        var row = Assert.Single(MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv")), r => r.Id == id);
        Assert.Equal(maxBatch, row.MaxBatch);
        Assert.Equal(maxNumTokens, row.MaxNumTokens);
    }

    // Decode without CUDA graphs (data/README.md, "Eager decode of TensorRT-LLM 0.17's PyTorch backend"): only dstack's three
    // trtllm-serve --backend pytorch rows (TensorRT-LLM 9b931c0f: PyTorchConfig.use_cuda_graph defaults to false, no YAML given);
    // dstack's SGLang and vLLM rows and every other row run graphs (empty).
    [Theory]
    [InlineData("DSTK-H200-trt-llm-c8", false)]
    [InlineData("DSTK-H200-trt-llm-c128", false)]
    [InlineData("DSTK-H200-sglang-c8", null)]
    [InlineData("DSTK-MI300X-vllm-c8", null)]
    [InlineData("TRTBP-H200-minlat", null)]
    public void CudaGraphs_AreOffOnlyWhereTheEnginesCodeRanDecodeEagerly(string id, bool? cudaGraphs)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(cudaGraphs, Assert.Single(rows, r => r.Id == id).CudaGraphs);
        Assert.Equal(3, rows.Count(r => r.CudaGraphs == false));
    }

    // Exact lengths (data/README.md, range_ratio): the dstack rows (SGLang bench_serving, random dataset, range ratio 1) and
    // the ATOM Qwen3 recipe rows (--random-range-ratio 1.0), 15 + 12; every other row states none.
    [Theory]
    [InlineData("DSTK-MI300X-sglang-c8", 1.0)]
    [InlineData("ATOMQ-MI355X-atom-tp8ep8-1000-1000-c256", 1.0)]
    [InlineData("SGLCB-B200-sglang-tp8-1k1k-c1", null)]
    [InlineData("IXB-DSR1-8k/1k-MI300X-sglang", null)]
    public void RangeRatio_IsOneOnlyWhereTheClientDrewExactLengths(string id, double? ratio)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(ratio, Assert.Single(rows, r => r.Id == id).RangeRatio);
        Assert.Equal(27, rows.Count(r => r.RangeRatio == 1.0));
        Assert.Equal(27, rows.Count(r => r.RangeRatio is not null));
    }

    // Prefill first where the engine's version differs from its default (data/README.md, prefill_first): only dstack's six
    // vLLM rows, vLLM 0.7.3/0.7.4 (the V0 engine, before 0.8.0 made V1 the default) with chunked prefill forced off for MLA.
    [Theory]
    [InlineData("DSTK-MI300X-vllm-c8", true)]
    [InlineData("DSTK-H200-vllm-c128", true)]
    [InlineData("DSTK-H200-sglang-c8", null)]
    [InlineData("GPUS-DSR1-H200-vllm-tp8-2000-100-c500", null)]
    public void PrefillFirst_IsStatedOnlyForTheV0VllmRows(string id, bool? prefillFirst)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(prefillFirst, Assert.Single(rows, r => r.Id == id).PrefillFirst);
        Assert.Equal(6, rows.Count(r => r.PrefillFirst is not null));
    }

    // A finite request rate (data/README.md, request_rate): only Moreh's six rows, "max concurrency 10800 at 140 req/s".
    [Theory]
    [InlineData("MOREH-MI300X-vllm-512-512-sharegpt", 140.0)]
    [InlineData("MOREH-MI300X-vllm-2000-2000-gutenberg", 140.0)]
    [InlineData("DSTK-H200-vllm-c8", null)]
    public void RequestRate_IsStatedOnlyWhereTheClientSentAtARate(string id, double? rate)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(rate, Assert.Single(rows, r => r.Id == id).RequestRate);
        Assert.Equal(6, rows.Count(r => r.RequestRate is not null));
    }

    // Exponential output lengths (data/README.md, osl_distribution): the two rows of TensorRT-LLM tech blog 10, whose post
    // states "a pronounced long-tail distribution" of output lengths and gives only the mean; no other row.
    [Theory]
    [InlineData("TRTADP-GB200-trt-DSV3-adp8ep8-baseline", OutputLengthDistribution.Exponential)]
    [InlineData("TRTADP-GB200-trt-DSV3-adp8ep8-balance", OutputLengthDistribution.Exponential)]
    [InlineData("TRTB3-4600", OutputLengthDistribution.Fixed)]
    public void OslDistribution_IsExponentialOnlyWhereTheSourceStatesALongTail(string id, OutputLengthDistribution distribution)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        var row = Assert.Single(rows, r => r.Id == id);
        Assert.Equal(distribution, row.OslDistribution);
        Assert.Equal(2, rows.Count(r => r.OslDistribution == OutputLengthDistribution.Exponential));
        Assert.All(rows.Where(r => r.OslDistribution == OutputLengthDistribution.Exponential), r =>
        {
            Assert.StartsWith("TRTADP-", r.Id, StringComparison.Ordinal);
            Assert.Contains("(burst, 2026-12-04 session 9: osl_distribution exponential", r.Notes, StringComparison.Ordinal);
        });
    }

    // FP8 decode attention (data/README.md, fp8_attention): the eight rows of the lmsys/Ant Group H20 post, whose decode
    // section runs FlashMLA-FP8 (FP8 Q/KV on WGMMA FP8); no other source names such a kernel.
    [Theory]
    [InlineData("H20-decode-Base", true)]
    [InlineData("H20-EP32-BS32", true)]
    [InlineData("H20-BS1-52", true)]
    [InlineData("DSTK-H200-sglang-c128", null)]
    public void Fp8Attention_IsStatedOnlyWhereTheSourceNamesTheKernel(string id, bool? fp8)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(fp8, Assert.Single(rows, r => r.Id == id).Fp8Attention);
        Assert.Equal(8, rows.Count(r => r.Fp8Attention == true));
        Assert.All(rows.Where(r => r.Fp8Attention == true), r => Assert.StartsWith("H20-", r.Id, StringComparison.Ordinal));
    }

    // engine_release (data/README.md): the build's release or the run's date where the source states one; empty where
    // nothing does (the perf overview, which names no release, and the SGLang cookbook, whose 0.5.6.post1 is not dated).
    [Theory]
    [InlineData("DSTK-MI300X-sglang-c8", 2025, 2)] // rocm/sglang-staging:20250212
    [InlineData("DSTK-H200-trt-llm-c8", 2025, 1)] // TensorRT-LLM 0.17, released 2025-01-30
    [InlineData("TRTB1-67", 2025, 2)] // 'Feb 2025 baseline'
    [InlineData("TRTADP-GB200-trt-DSV3-adp8ep8-baseline", 2025, 8)] // tech blog 10, [08/29]
    [InlineData("OCI-MI300X-vllm-L405B-tp8-128-128-bs1", 2024, 10)] // the blog of 10 Oct 2024
    [InlineData("MOREH-MI300X-vllm-512-512-sharegpt", 2025, 12)] // vLLM 0.11.0rc2.moreh20251212
    [InlineData("TRTPO-Llama3.370B-B200-TP1-128-128", 0, 0)]
    [InlineData("SGLCB-B200-sglang-tp8-1k1k-c1", 0, 0)]
    public void EngineRelease_IsStatedWhereTheSourceDatesTheBuildOrRun(string id, int year, int month)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        int? expected = year == 0 ? null : year * 12 + (month - 1);
        Assert.Equal(expected, Assert.Single(rows, r => r.Id == id).EngineRelease);
    }

    // Prompts balanced over attention-DP ranks (data/README.md, adp_balance): the two InferenceX H200 TensorRT-LLM rows whose
    // scripts (dsr1_fp8_h200_trt_mtp.sh and dsr1_fp8_h200_trt.sh, DP_ATTENTION=true) set attention_dp_config.enable_balance, and
    // TensorRT-LLM tech blog 10's full-strategy row, whose stated config sets it (enable_balance true, batching_wait_iters 10,
    // timeout_iters 50; its round-robin baseline does not); the other blog rows state none.
    [Theory]
    [InlineData("IXB-DSR1-8k/1k-H200-trt", true)]
    [InlineData("IXU-H200-trt (before MTP support)-1333", true)]
    [InlineData("TRTB3-4600", null)]
    [InlineData("TRTBP-B200-maxtp-fp8kv", null)]
    [InlineData("TRTADP-GB200-trt-DSV3-adp8ep8-balance", true)]
    [InlineData("TRTADP-GB200-trt-DSV3-adp8ep8-baseline", null)]
    public void AdpBalance_IsOnOnlyWhereTheLaunchConfigSetsIt(string id, bool? balanced)
    {
        var rows = MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(balanced, Assert.Single(rows, r => r.Id == id).AdpBalance);
        Assert.Equal(3, rows.Count(r => r.AdpBalance == true));
    }

    // InferenceX rows whose layout InferenceX's own launch config gives (data/README.md, "InferenceX layouts from InferenceX's
    // launch configs"): the one search-space entry of .github/configs/nvidia-master.yaml (@0004cf5; @48f302c the same where it
    // has the entry) that lists the row's concurrency, worked by hand as workers x GPUs per worker:
    //   H100 1k/1k at 4916: prefill 2 x TP16 = 32, decode 1 x DEP16 = 16, 48 in all, attention DP16, no MTP (recipe ..._mtp0);
    //   B300 8k/1k at 2198: prefill 10 x TP2 = 20, decode 1 x DEP8 = 8, 28, attention DP8, one draft (recipe ..._mtp1);
    //   GB200 1k/1k at 6144: prefill 1 x TP4 = 4, decode 2 x DEP4 = 8, 12, EP4 and attention DP4 per decode worker, no MTP;
    //   GB200 8k/1k at 4301: prefill 11 x TP4 = 44, decode 1 x DEP16 = 16, 60, attention DP16, one draft;
    //   H200 single node, 8k/1k at 256: only the MTP entry lists it, tp 8, ep 8, DP attention over the 8 ranks, whose script
    //   then sets MTP=1;
    //   IXG GB200 at 8 (the post states MTP and 4 + 32 GPUs): decode 4 x TEP8, attention not data-parallel (DP 1), recipe
    //   ..._mtp3: 3 drafts; IXG B200 at 4968: decode 4 x DEP8, attention DP8, recipe ..._mtp1: 1 draft.
    [Theory]
    [InlineData("IXB-DSR1-1k/1k-H100-dynamo-trt", 48, 32, 16, 16, 16, 0)]
    [InlineData("IXB-DSR1-8k/1k-B300-dynamo-trt", 28, 20, 8, 8, 8, 1)]
    [InlineData("IXB-DSR1-1k/1k-GB200-dynamo-trt", 12, 4, 8, 4, 4, 0)]
    [InlineData("IXB-DSR1-8k/1k-GB200-dynamo-trt", 60, 44, 16, 16, 16, 1)]
    [InlineData("IXB-DSR1-8k/1k-H200-trt", 8, null, null, 8, 8, 1)]
    [InlineData("IXG-GB200-c8", 36, 4, 32, 8, 1, 3)]
    [InlineData("IXG-B200-c4968", 44, 12, 32, 8, 8, 1)]
    public void InferenceXLayouts_AreTheOnesItsLaunchConfigGivesTheirConcurrency(string id, int gpus, int? prefill, int? decode, int ep, int dp, int mtp)
    {
        var row = Assert.Single(MeasurementCsv.Load(RepoPaths.File("data", "measurements-public.csv")), r => r.Id == id);
        Assert.Equal(gpus, row.Gpus);
        Assert.Equal(prefill, row.PrefillGpus);
        Assert.Equal(decode, row.DecodeGpus);
        Assert.Equal(ep, row.Ep);
        Assert.Equal(dp, row.DpAttention);
        Assert.Equal(mtp, row.Mtp);
    }

    // Rows of an RFC 4180 file: records, not lines (quoted cells may hold line breaks).
    private static int MeasurementRows(string path)
    {
        int records = 0;
        bool quoted = false;
        foreach (char c in File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n")
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n' && !quoted)
            {
                records++;
            }
        }

        return records - 1;
    }
}
