using System.Diagnostics;
using System.Globalization;

namespace TokenKernels.Benchmarks;

/// <summary>
/// A stopwatch run for machines where BenchmarkDotNet is too slow or absent (the GPU script): configurations per second
/// per backend and grid size, and a kernel-equivalence check of a device backend against the scalar reference.
/// </summary>
public static class QuickRun
{
    /// <summary>Prints one table row per backend and size (and appends them to <paramref name="csvPath"/> when given); returns 0.</summary>
    /// <remarks>
    /// <c>cpu-scalar-walk</c> is the cpu backend with its lane walk turned off (one configuration per call of the
    /// physics on every core), <c>cpu-lane4</c> the cpu backend at four lanes instead of eight. With <paramref name="readmeShape"/> each grid is the README's DeepSeek-V3 grid (batch
    /// 1..4096) cut to a size by the number of input lengths, instead of <see cref="SweepGrids.OfSize"/>'s square cut.
    /// </remarks>
    public static int Speed(IEnumerable<string> backends, IEnumerable<long> sizes, string? csvPath = null, bool readmeShape = false)
    {
        _csv = csvPath;
        if (_csv is not null && !File.Exists(_csv))
        {
            File.WriteAllText(_csv, "backend,configs,reduction,seconds,configs_per_second,feasible_configs,frontier_points,backend_reason\n");
        }

        Console.WriteLine($"{"backend",-28} {"grid",14} {"reduction",-9} {"seconds",9} {"configs/s",12} {"feasible",12} {"frontier",8}");
        foreach (string name in backends)
        {
            bool scalarWalk = name == "cpu-scalar-walk";
            bool lane4 = name == "cpu-lane4";
            var backend = scalarWalk || lane4 ? SweepBackend.Cpu : Enum.Parse<SweepBackend>(name, ignoreCase: true);
            TokenKernels.Engine.ManagedRunner.UseLanes = !scalarWalk;
            TokenKernels.Engine.ManagedRunner.LaneWidth = lane4 ? 4 : 8;
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
                // Warm-up (JIT, tiered compilation up to its optimized tier, kernel first launch) outside the timed runs.
                for (int warm = 0; warm < 5; warm++)
                {
                    engine.Frontier(SweepGrids.OfSize(100_000));
                    Thread.Sleep(100);
                }

                foreach (long size in sizes)
                {
                    var grid = readmeShape ? SweepGrids.ReadmeSlice(size) : SweepGrids.OfSize(size);
                    var frontier = engine.Frontier(grid);
                    Row(scalarWalk ? "cpu (scalar walk)" : lane4 ? "cpu (4 lanes)" : engine.Description, grid.Count, "frontier", frontier.Stats, frontier.Value.Count);
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

        TokenKernels.Engine.ManagedRunner.UseLanes = true;
        TokenKernels.Engine.ManagedRunner.LaneWidth = 8;
        return 0;
    }

    /// <summary>
    /// The device equivalence suite without .NET's test runner (for the self-contained GPU package): frontier, cheapest,
    /// top-k and stream on <paramref name="backend"/> against scalar over the same grid (indices and metrics exactly: the
    /// host recomputes every device candidate), the device's own values against scalar within 1e-12 relative (the test
    /// suite's Tolerance.Backend), and the fp64 probe. Writes one JSON object to <paramref name="jsonPath"/> when given;
    /// returns 0 when every check passes.
    /// </summary>
    public static int Check(SweepBackend backend, long size, string? jsonPath = null)
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
        var checks = new Dictionary<string, bool>
        {
            ["frontier"] = Same(device.Frontier(grid).Value, scalar.Frontier(grid).Value),
            ["cheapest"] = Same(Listed(device.Cheapest(grid, sla).Value), Listed(scalar.Cheapest(grid, sla).Value)),
            ["top_k_throughput"] = Same(device.TopK(grid, SweepMetric.OutputTokSGpu, 50).Value, scalar.TopK(grid, SweepMetric.OutputTokSGpu, 50).Value),
            ["top_k_ttft"] = Same(device.TopK(grid, SweepMetric.TtftSeconds, 50).Value, scalar.TopK(grid, SweepMetric.TtftSeconds, 50).Value),
        };
        var deviceStream = new List<FrontierPoint>();
        var scalarStream = new List<FrontierPoint>();
        device.Stream(grid, deviceStream.AddRange);
        scalar.Stream(grid, scalarStream.AddRange);
        checks["stream"] = Same(deviceStream, scalarStream);

        double worst = 0;
        bool flags = true;
        if (device.Device is { } d)
        {
            var g = grid.Compile();
            g.RequireMemoryLimits();
            int n = (int)Math.Min(g.Count, 1 << 16);
            var (results, feasible) = d.DeviceValues(g, 0, n);
            for (int i = 0; i < n; i++)
            {
                var host = g.Evaluate(i, out _);
                flags &= (host.Reason == 0) == feasible[i];
                if (feasible[i] && host.Reason == 0)
                {
                    foreach (var (h, v) in new[] { (host.TokSUser, results[i].TokSUser), (host.OutputTokSGpu, results[i].OutputTokSGpu), (host.TtftSeconds, results[i].TtftSeconds), (host.UsdPerMtokTotal, results[i].UsdPerMtokTotal) })
                    {
                        worst = Math.Max(worst, Math.Abs(h - v) / Math.Max(Math.Abs(h), 1e-300));
                    }
                }
            }

            checks["device_feasibility"] = flags;
            checks["device_values_within_1e-12"] = worst <= 1e-12;
        }

        bool ok = checks.Values.All(x => x);
        Console.WriteLine($"equivalence {device.Description} vs scalar on {grid.Count} configs: "
            + string.Join(", ", checks.Select(c => $"{c.Key} {Verdict(c.Value)}"))
            + string.Create(CultureInfo.InvariantCulture, $"; worst device/host relative difference {worst:E2}"));
        Console.WriteLine($"backend reason: {device.BackendReason}");
        if (jsonPath is not null)
        {
            var json = new System.Text.Json.Nodes.JsonObject
            {
                ["backend"] = device.Description,
                ["backend_reason"] = device.BackendReason,
                ["configs"] = grid.Count,
                ["passed"] = ok,
                ["worst_device_relative_difference"] = worst,
                ["device_fp64_op_s"] = device.Device?.MeasureFp64(),
                ["cpu_fp64_op_s"] = TokenKernels.Kernels.Fp64Probe.MeasureCpu(),
                ["checks"] = new System.Text.Json.Nodes.JsonObject(checks.Select(c => KeyValuePair.Create(c.Key, (System.Text.Json.Nodes.JsonNode?)c.Value))),
            };
            File.WriteAllText(jsonPath, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }

        return ok ? 0 : 1;
    }

    private static List<FrontierPoint> Listed(FrontierPoint? p) => p is { } x ? [x] : [];

    private static bool Same(IReadOnlyList<FrontierPoint> a, IReadOnlyList<FrontierPoint> b) =>
        a.Select(p => p.Index).SequenceEqual(b.Select(p => p.Index)) && a.Select(p => p.Metrics).SequenceEqual(b.Select(p => p.Metrics));

    private static string Verdict(bool ok) => ok ? "PASS" : "FAIL";

    private static string? _csv;

    private static void Row(string backend, long grid, string reduction, SweepStats s, int frontier)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{backend,-28} {grid,14:N0} {reduction,-9} {s.Seconds,9:F3} {s.ConfigsPerSecond,12:E3} {s.FeasibleConfigs,12:N0} {frontier,8}"));
        if (_csv is not null)
        {
            File.AppendAllText(_csv, string.Create(
                CultureInfo.InvariantCulture,
                $"\"{backend}\",{grid},{reduction},{s.Seconds:R},{s.ConfigsPerSecond:R},{s.FeasibleConfigs},{frontier},\"{s.BackendReason}\"\n"));
        }
    }
}
