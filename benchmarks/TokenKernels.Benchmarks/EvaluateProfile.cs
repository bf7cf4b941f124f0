using System.Diagnostics;
using System.Globalization;
using TokenKernels.Engine;
using TokenKernels.Physics;

namespace TokenKernels.Benchmarks;

/// <summary>Where one configuration's time goes: nanoseconds per call of each step of the sweep loop (best of 5 runs).</summary>
public static class EvaluateProfile
{
    /// <summary>Prints ns per call for Evaluate, Prepare, Serve, MemoryLimits and the walker's own work.</summary>
    public static int Run()
    {
        var grid = SweepGrids.DeepSeek(4096, 1).Compile();

        // h200 x 8 GPUs x tp 8 x ep 8: a feasible layout.
        long first = 1L * 4096 * 1 * 8 + 0;
        var c = grid.Shape.Decode(first);
        var hw = grid.Tables.HardwareTable[c.Hardware];
        var m = grid.Tables.ModelTable[c.Model];
        var d = grid.Shape.Deployment(grid.Tables, c, hw.UsdPerGpuHour);
        var p = grid.Shape.Profile;
        var prep = ServingModel.Prepare(hw, m, d, p);
        Console.WriteLine($"profile point: {grid.Configuration(first)} feasible layout: {prep.Reason == 0}");
        const int n = 2_000_000;
        double sink = 0;
        Time("ServingModel.Evaluate (Prepare + Serve + MemoryLimits)", () =>
        {
            for (int i = 0; i < n; i++)
            {
                d.Batch = 1 + (i & 1023);
                sink += ServingModel.Evaluate(hw, m, d, p).TokSUser;
            }
        });
        Time("ServingModel.Prepare", () =>
        {
            for (int i = 0; i < n; i++)
            {
                d.Batch = 1 + (i & 1023);
                sink += ServingModel.Prepare(hw, m, d, p).KvCapacityBytes;
            }
        });
        Time("ServingModel.Serve", () =>
        {
            for (int i = 0; i < n; i++)
            {
                d.Batch = 1 + (i & 1023);
                sink += ServingModel.Serve(prep, m, d).TokSUser;
            }
        });
        Time("ServingModel.MemoryLimits", () =>
        {
            var r = default(PackedResult);
            for (int i = 0; i < n; i++)
            {
                d.Batch = 1 + (i & 1023);
                ServingModel.MemoryLimits(prep, m, d, ref r);
                sink += r.MaxContext;
            }
        });
        Time("walker: deployment from cursor + advance + group", () =>
        {
            var cur = c;
            for (int i = 0; i < n; i++)
            {
                var dd = grid.Shape.Deployment(grid.Tables, cur, hw.UsdPerGpuHour);
                sink += dd.Batch + grid.Shape.Group(cur);
                if (grid.Shape.Advance(ref cur) <= (int)SweepAxis.Hardware)
                {
                    cur = c;
                }
            }
        });
        // The sweep loop itself, single-threaded, on a slice of the README's DeepSeek-V3 grid (batch 1..4096, 25 input
        // lengths): per configuration of the grid (skipped ones included), with a sink that only counts and with the frontier.
        var slice = SweepGrids.DeepSeek(4096, 25).Compile();
        var tables = slice.Tables;
        var shape = slice.Shape;
        int slicePoints = (int)slice.Count;
        TimePer("GridWalker.Walk, counting sink (per grid point)", slicePoints, () =>
        {
            var counting = default(CountingSink);
            sink += GridWalker.Walk(shape, tables, ref counting, 0, slice.Count);
        });
        TimePer("GridWalker.Walk, frontier sink (per grid point)", slicePoints, () =>
        {
            var frontier = new FrontierSink(slice.Groups);
            sink += GridWalker.Walk(shape, tables, ref frontier, 0, slice.Count);
        });
        TimePer("LaneWalker.Walk, 8 lanes, counting sink (per grid point)", slicePoints, () =>
        {
            var counting = default(CountingSink);
            sink += LaneWalker.Walk<Lane8, CountingSink>(shape, tables, ref counting, 0, slice.Count);
        });
        TimePer("LaneWalker.Walk, 8 lanes, frontier sink (per grid point)", slicePoints, () =>
        {
            var frontier = new FrontierSink(slice.Groups);
            sink += LaneWalker.Walk<Lane8, FrontierSink>(shape, tables, ref frontier, 0, slice.Count);
        });
        TimePer("LaneWalker.Walk, 4 lanes, frontier sink (per grid point)", slicePoints, () =>
        {
            var frontier = new FrontierSink(slice.Groups);
            sink += LaneWalker.Walk<Lane4, FrontierSink>(shape, tables, ref frontier, 0, slice.Count);
        });
        Console.WriteLine(sink > 0 ? "" : " ");
        return 0;

        static void Time(string what, Action body) => TimePer(what, n, body);

        static void TimePer(string what, int n, Action body)
        {
            double best = double.MaxValue;
            for (int run = 0; run < 5; run++)
            {
                var clock = Stopwatch.StartNew();
                body();
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-58} {best / n * 1e9,8:F1} ns/call"));
        }
    }

    /// <summary>Counts feasible points and nothing else: the walk's own cost.</summary>
    private struct CountingSink : IManagedSink
    {
        public long Count;

        public readonly bool Wants(long index, int group, double tokSUser, double outputTokSGpu) => true;

        public void Add(long index, int group, in PackedResult result) => Count++;
    }
}
