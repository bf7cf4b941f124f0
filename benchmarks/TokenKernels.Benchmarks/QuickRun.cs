using System.Diagnostics;
using System.Globalization;

namespace TokenKernels.Benchmarks;

/// <summary>
/// A stopwatch run for machines where BenchmarkDotNet is too slow or absent (the GPU script): configurations per second
/// per backend and grid size, and a kernel-equivalence check of a device backend against the scalar reference.
/// </summary>
public static class QuickRun
{
    /// <summary>Prints one table row per backend and size; returns 0.</summary>
    public static int Speed(IEnumerable<string> backends, IEnumerable<long> sizes)
    {
        Console.WriteLine($"{"backend",-28} {"grid",14} {"reduction",-9} {"seconds",9} {"configs/s",12} {"feasible",12} {"frontier",8}");
        foreach (string name in backends)
        {
            var backend = Enum.Parse<SweepBackend>(name, ignoreCase: true);
            SweepEngine engine;
            try
            {
                engine = new SweepEngine(backend);
            }
            catch (ArgumentException e)
            {
                Console.WriteLine($"{name,-28} unavailable: {e.Message}");
                continue;
            }

            using (engine)
            {
                foreach (long size in sizes)
                {
                    var grid = SweepGrids.OfSize(size);
                    var frontier = engine.Frontier(grid);
                    Row(engine.Description, grid.Count, "frontier", frontier.Stats, frontier.Value.Count);
                    if (backend is SweepBackend.Cuda or SweepBackend.OpenCl)
                    {
                        // With result copies: every feasible point comes back to the host.
                        long n = 0;
                        var streamed = engine.Stream(grid, points => n += points.Count);
                        Row(engine.Description, grid.Count, "copy-all", streamed, 0);
                    }
                }
            }
        }

        return 0;
    }

    /// <summary>Runs frontier, cheapest and top-k on <paramref name="backend"/> and on scalar over the same grid; 0 when all agree.</summary>
    public static int Check(SweepBackend backend, long size)
    {
        var grid = SweepGrids.OfSize(size);
        SweepEngine device;
        try
        {
            device = new SweepEngine(backend);
        }
        catch (ArgumentException e)
        {
            Console.WriteLine($"equivalence: {backend} unavailable: {e.Message}");
            return 3;
        }

        using var owned = device;
        using var scalar = new SweepEngine(SweepBackend.Scalar);
        var sla = new ServiceLevel { MaxTtft = Duration.FromSeconds(2), MinTokSUser = 30 };
        bool frontier = Same(device.Frontier(grid).Value, scalar.Frontier(grid).Value);
        bool cheapest = device.Cheapest(grid, sla).Value?.Index == scalar.Cheapest(grid, sla).Value?.Index;
        bool topK = Same(device.TopK(grid, SweepMetric.OutputTokSGpu, 50).Value, scalar.TopK(grid, SweepMetric.OutputTokSGpu, 50).Value);
        long deviceCount = 0, scalarCount = 0;
        device.Stream(grid, p => deviceCount += p.Count);
        scalar.Stream(grid, p => scalarCount += p.Count);
        bool stream = deviceCount == scalarCount;
        Console.WriteLine($"equivalence {device.Description} vs scalar on {grid.Count} configs: frontier {Verdict(frontier)}, cheapest {Verdict(cheapest)}, top-k {Verdict(topK)}, stream {Verdict(stream)}");
        return frontier && cheapest && topK && stream ? 0 : 1;
    }

    private static bool Same(IReadOnlyList<FrontierPoint> a, IReadOnlyList<FrontierPoint> b) =>
        a.Select(p => p.Index).SequenceEqual(b.Select(p => p.Index));

    private static string Verdict(bool ok) => ok ? "PASS" : "FAIL";

    private static void Row(string backend, long grid, string reduction, SweepStats s, int frontier) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{backend,-28} {grid,14:N0} {reduction,-9} {s.Seconds,9:F3} {s.ConfigsPerSecond,12:E3} {s.FeasibleConfigs,12:N0} {frontier,8}"));
}
