using System.Globalization;
using TokenKernels.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace TokenKernels.Tests.Traffic;

/// <summary>
/// The closed-form TTFT at load (Physics/Queueing.cs) against the discrete-event load simulator on a grid of
/// configurations (colocated and disaggregated, short and long prompts, 30 % to 90 % of capacity). The error is
/// stated in the README's Deployments section; this test keeps it from drifting past a loose bound.
/// </summary>
public class QueueingVsSimulatorTests(ITestOutputHelper output)
{
    private static readonly double[] Loads = [0.3, 0.6, 0.9];

    [Fact]
    public void ClosedFormP90_StaysNearTheSimulatedP90()
    {
        var hw = Synthetic.Gpu(memoryBytes: 400e9);
        var errors = new List<double>();
        var signed = new List<(string Mode, double Load, double Error)>();
        foreach (var model in new[] { Synthetic.Dense(), Synthetic.Moe() })
        foreach (var (isl, osl) in new[] { (1000, 300), (8000, 300) })
        foreach (var d in new[]
        {
            new Deployment { Gpus = 2, Dp = 2, Batch = 32 },
            new Deployment { Gpus = 4, Dp = 2, Disaggregated = true, PrefillGpus = 2, DecodeGpus = 2, Batch = 32 },
        })
        foreach (double load in Loads)
        {
            var workload = new Workload { InputTokens = isl, OutputTokens = osl, Load = load };
            var point = TokenCost.Evaluate(hw, model, d, workload, EfficiencyProfile.Priors);
            Assert.True(point.Feasible);
            double capacity = point.OutputTokSGpu * point.TotalGpus / osl;
            using var simulator = new LoadSimulator();
            var simulated = simulator.Run(new LoadSimulation
            {
                Hardware = hw,
                Model = model,
                Deployment = d,
                Lengths = LengthDistribution.Fixed(isl, osl),
                Loads = [ArrivalProcess.Poisson(load * capacity)],
                RequestsPerSeed = 1500,
                Seeds = 2,
                Profile = EfficiencyProfile.Priors,
            }).Points[0];
            double closed = point.TtftP90AtLoad!.Value.Seconds;
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{model.Id} {(d.Disaggregated ? "disagg" : "coloc")} {isl}/{osl} load {load}: closed P90 {closed:0.0000} s, simulated P90 {simulated.TtftP90:0.0000} s (saturated {simulated.Saturated}, in system {simulated.MeanInSystem:0.0}, rate {simulated.RequestsPerSecond:0.0} vs capacity {capacity:0.0})");
            output.WriteLine(line);
            if (simulated.TtftP90 is { } sim && !simulated.Saturated)
            {
                errors.Add(Math.Abs(closed - sim) / sim);
                signed.Add((d.Disaggregated ? "disaggregated" : "colocated", load, (closed - sim) / sim));
            }
        }

        // The README's table: signed error (closed - simulated) / simulated of the P90, by serving mode and load.
        foreach (var g in signed.GroupBy(x => (x.Mode, x.Load)))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.Mode} at load {g.Key.Load}: P90 error {g.Min(x => x.Error):+0%;-0%;0%} to {g.Max(x => x.Error):+0%;-0%;0%} over {g.Count()} points"));
        }

        errors.Sort();
        double median = errors[errors.Count / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{errors.Count} points: median |error| {median:P1}, max {errors[^1]:P1}"));
        Assert.True(median < 1.0, $"median relative error of the P90 TTFT at load {median:P1}");
    }
}
