using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Economics;

/// <summary>Fleet sizing and per-task figures on the golden dense scenario (see GoldenTests.DenseDecode_*).</summary>
public class EconomicsTests
{
    // Golden dense point: 12632.03 output and input tok/s/GPU (1000 in, 1000 out), TPOT 79.164002 us, prefill 164.002 us,
    // decode step 79 us, $3.6 per GPU-hour.
    private static ServingPoint Point() =>
        TokenCost.Evaluate(Synthetic.Gpu(), Synthetic.Dense(), Synthetic.OneGpu(), Synthetic.Chat(), Synthetic.Roofline());

    [Fact]
    public void PlanFleet_SizesPricesAndEarns()
    {
        var plan = TokenKernels.Economics.PlanFleet(Point(), 1e9, 1, new Usd(1.0), new Usd(0.5));

        // 1e9 tokens / 86400 s = 11574.07 tok/s < 12632.03 per GPU => 1 GPU, utilisation 1e9 / (12632.03 x 86400) = 0.916258.
        Assert.Equal(1, plan.Gpus);
        Tolerance.Near(1e9 / (1000 / 0.079164002 * 86400), plan.Utilization, what: "utilisation");

        // Cost 1 GPU x 24 h x $3.6 = $86.40; revenue 1e9 output tokens x $1/Mtok + 1e9 input x $0.5/Mtok = $1500.
        Tolerance.Near(86.4, plan.CostPerDay.Dollars, what: "cost");
        Tolerance.Near(1500, plan.RevenuePerDay.Dollars, what: "revenue");
        Tolerance.Near((1500 - 86.4) / 1500, plan.Margin, what: "margin");

        // Twice the capacity of one GPU needs 3 GPUs in instances of 1, 4 in instances of 2.
        Assert.Equal(3, TokenKernels.Economics.PlanFleet(Point(), 2.2e9, 1, new Usd(1), new Usd(0)).Gpus);
        Assert.Equal(4, TokenKernels.Economics.PlanFleet(Point(), 2.2e9, 2, new Usd(1), new Usd(0)).Gpus);
    }

    [Fact]
    public void EstimateTask_TerseAnswersFinishSoonerAndCostLess()
    {
        var point = Point();

        // TTFT = the remaining half of the step in flight 39.5 us + M/D/1 wait (0.00207168 / (2 x 0.99792832)) x 164.002 us
        //      = 0.170232 us + prefill 164.002 us = 203.672232 us; 500 answer tokens x 79.164002 us = 39.582001 ms => 39.785673 ms.
        var task = TokenKernels.Economics.EstimateTask(point, 1000, 500);
        Tolerance.Near(0.039785673, task.Latency.Seconds, what: "latency");

        // Input: 164.002 ns of GPU time per prompt token x $0.001/s = $1.64002e-4 per Mtok; output: 79 us x $0.001/s = $0.079 per Mtok.
        // 1000 x 1.64002e-4 + 500 x 0.079 = $39.664002 per million such tasks.
        Tolerance.Near(39.664002e-6, task.Cost.Dollars, what: "task cost");

        var terse = TokenKernels.Economics.EstimateTask(point, 1000, 100);
        Assert.True(terse.Latency < task.Latency && terse.Cost < task.Cost);
    }

    [Fact]
    public void BadInput_NamesTheParameter()
    {
        var point = Point();
        Assert.Equal("outputTokensPerDay", Assert.Throws<ArgumentException>(() => TokenKernels.Economics.PlanFleet(point, 0, 1, new Usd(1), new Usd(1))).ParamName);
        Assert.Equal("instanceGpus", Assert.Throws<ArgumentException>(() => TokenKernels.Economics.PlanFleet(point, 1e6, 0, new Usd(1), new Usd(1))).ParamName);
        Assert.Equal("answerTokens", Assert.Throws<ArgumentException>(() => TokenKernels.Economics.EstimateTask(point, 10, -1)).ParamName);
        var infeasible = TokenCost.Evaluate(Synthetic.Gpu(memoryBytes: 100e6), Synthetic.Dense(), Synthetic.OneGpu(), Synthetic.Chat(), Synthetic.Roofline());
        Assert.Equal("point", Assert.Throws<ArgumentException>(() => TokenKernels.Economics.EstimateTask(infeasible, 10, 10)).ParamName);
    }
}
