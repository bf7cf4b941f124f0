// DeepSeek-style disaggregated serving (a prefill pool and a wide-EP decode pool, matched in rate) vs colocated serving
// (prefill steals decode steps on the same GPUs), for short and long prompts. A prefill pool too small for the decode
// pool sets the request rate, and requests queue for it without bound (flagged saturated): the sample grows it until it keeps up.
// Run: dotnet run --project samples/DisaggregatedVsColocated
using TokenKernels;

var hardware = BuiltInCatalog.GetHardware("h200");
var model = BuiltInCatalog.GetModel("deepseek-r1");
var colocated = new Deployment { Gpus = 16, Ep = 16, Dp = 16, KvCache = Precision.Fp8, Batch = 1024 };

Console.WriteLine($"{model.Id} on {hardware.Id}, fp8 weights and KV, decode ep 16 x attention dp 16, batch {colocated.Batch}, 1000 output tokens");
Console.WriteLine($"{"prompt",6} {"mode",-22} {"TTFT ms",8} {"tok/s/user",10} {"total tok/s/GPU",15} {"$/Mtok in",9} {"$/Mtok out",10} {"prefill busy",12}");
int failures = 0;
foreach (int inputTokens in new[] { 1000, 8000 })
{
    var workload = new Workload { InputTokens = inputTokens, OutputTokens = 1000 };
    Show("colocated 16", colocated);
    for (int prefillGpus = 8; prefillGpus <= 64; prefillGpus *= 2)
    {
        var p = Show($"prefill {prefillGpus} + decode 16",
            colocated with { Gpus = prefillGpus + 16, Disaggregated = true, PrefillGpus = prefillGpus, DecodeGpus = 16 });
        if (p.PrefillShare < 0.99)
        {
            break;
        }
    }

    ServingPoint Show(string mode, Deployment deployment)
    {
        var p = TokenCost.Evaluate(hardware, model, deployment, workload);
        if (!p.Feasible)
        {
            Console.WriteLine($"{inputTokens,6} {mode,-22} infeasible: {p.Reason.Describe()}");
            failures++;
            return p;
        }

        // Colocated: share of GPU time spent prefilling. Disaggregated: how busy the prefill pool is (100 % = it sets the rate).
        // A prefill pool at 100 % cannot keep up at this rate: its queue grows without bound, so no TTFT exists.
        string ttft = p.Saturated == SaturatedPool.None ? $"{p.Ttft.Milliseconds,8:0}" : $"{"saturated",8}";
        Console.WriteLine($"{inputTokens,6} {mode,-22} {ttft} {p.TokSUser,10:0.0} {p.TotalTokSGpu,15:0} " +
            $"{p.UsdPerMtokInput!.Value.Dollars,9:0.000} {p.UsdPerMtokOutput!.Value.Dollars,10:0.000} {p.PrefillShare,12:P0}");
        return p;
    }
}

return failures == 0 ? 0 : 1;
