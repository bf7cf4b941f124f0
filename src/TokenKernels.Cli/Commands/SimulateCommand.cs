using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>simulate</c>: one configuration under load (continuous batching, chunked prefill, paged KV, preemption,
/// disaggregated pools): TTFT/TPOT percentiles, throughput, goodput and cost per load level, and the highest arrival rate
/// meeting an SLA. Load levels: <c>--rate A..B:xF</c> (Poisson, or gamma with <c>--cv</c>), <c>--concurrency N,...</c>
/// (closed loop) or <c>--trace FILE</c>.
/// </summary>
public static class SimulateCommand
{
    private const int MaxLevels = 200;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("simulate", "Simulate one configuration under load: TTFT/TPOT percentiles, goodput and $/Mtok against arrival rate or concurrency (--batch: the most sequences a decode instance holds at once)");
        var options = new ConfigurationOptions();
        options.Isl.Required = false;
        options.Osl.Required = false;
        options.AddTo(command);
        var rate = new Option<string?>("--rate") { Description = "Arrival rates (requests/s): a list 1,2,4 or a geometric range A..B:xF (e.g. 0.5..16:x2)" };
        var cv = new Option<double?>("--cv") { Description = "Coefficient of variation of inter-arrival times with --rate (1 = Poisson, default; above 1 = bursty, gamma)" };
        var concurrency = new Option<string?>("--concurrency") { Description = "Closed loop: requests kept in flight (a list 8,32,128 or a range, like sweep axes)" };
        var trace = new Option<string?>("--trace") { Description = "Replay a trace CSV (arrival_s,input_tokens,output_tokens); its lengths too" };
        var lengths = new Option<string?>("--lengths") { Description = OptionHelp.Lengths };
        var context = new Option<int?>("--context") { Description = "Context window: cap on input + output tokens (log-normal draws clipped; longer fixed lengths are an error)" };
        var duration = new Option<double?>("--duration") { Description = "Simulated seconds per seed at the highest rate (requests per seed = duration x that rate)" };
        var requests = new Option<int?>("--requests") { Description = "Requests per seed (default 2000)" };
        var seeds = new Option<int>("--seeds") { Description = "Independent replicas per load level", DefaultValueFactory = _ => 4 };
        var seed = new Option<ulong>("--seed") { Description = "First random seed", DefaultValueFactory = _ => 1 };
        var maxTtft = new Option<double?>("--max-ttft-s") { Description = "SLA: P90 time to first token at most this (s); used by goodput and --max-rate-meeting-sla" };
        var minSpeed = new Option<double?>("--min-tok-s-user") { Description = "SLA: median tok/s per user at least this" };
        var maxRate = new Option<bool>("--max-rate-meeting-sla") { Description = "Bisect over rate for the highest arrival rate meeting the SLA" };
        var json = CliOptions.Json();
        var csv = new Option<string?>("--csv") { Description = "Write the points to this CSV file (same column names as --json)" };
        var plot = new Option<string?>("--plot") { Description = "Chart TTFT P50/P99 against load (.png, .svg or .html)" };
        var stats = new Option<bool>("--stats") { Description = "Print simulated requests per second (and the backend) after the table" };
        var backend = new Option<string>("--backend") { Description = "Where replicas run: cpu (managed, one per thread), scalar (one thread), auto (CUDA, OpenCL, else cpu), cuda, opencl, ilgpu-cpu", DefaultValueFactory = _ => "cpu" };
        foreach (Option o in new Option[] { rate, cv, concurrency, trace, lengths, context, duration, requests, seeds, seed, maxTtft, minSpeed, maxRate, json, csv, plot, stats, backend })
        {
            command.Options.Add(o);
        }

        CliRunner.SetAction(command, (parse, cancellationToken) =>
        {
            // Every input is checked before any simulating starts.
            var input = options.Read(parse);
            var loads = ReadLoads(parse.GetValue(rate), parse.GetValue(cv), parse.GetValue(concurrency), parse.GetValue(trace));
            var replayed = loads[0].Trace is { } t && parse.GetValue(lengths) is null ? LengthDistribution.FromTrace(t, "trace:" + parse.GetValue(trace)) : null;
            var lengthDistribution = ReadLengths(parse.GetValue(lengths), parse.GetValue(options.Isl), parse.GetValue(options.Osl), parse.GetValue(context), replayed);
            int perSeed = ReadRequests(parse.GetValue(requests), parse.GetValue(duration), loads);
            bool findMax = parse.GetValue(maxRate);
            double? ttftLimit = Positive(parse.GetValue(maxTtft), "--max-ttft-s");
            double? speedLimit = Positive(parse.GetValue(minSpeed), "--min-tok-s-user");
            if (findMax && ttftLimit is null && speedLimit is null)
            {
                throw new ArgumentException("needs --max-ttft-s or --min-tok-s-user.", "--max-rate-meeting-sla");
            }

            if (findMax && loads.Any(l => l.Kind is ArrivalKind.ClosedLoop or ArrivalKind.Trace))
            {
                throw new ArgumentException("needs --rate load levels.", "--max-rate-meeting-sla");
            }

            int seedCount = parse.GetValue(seeds);
            if (seedCount < 1 || seedCount > 10_000)
            {
                throw new ArgumentException($"must be between 1 and 10000 (was {seedCount}).", "--seeds");
            }

            string? plotPath = parse.GetValue(plot);
            ChartFile.CheckPath(plotPath, "--plot");
            using var csvFile = OutputFile.Create(parse.GetValue(csv), "--csv");
            using var plotFile = OutputFile.Create(plotPath, "--plot");

            var simulation = new LoadSimulation
            {
                Hardware = input.Hardware,
                Model = input.Model,
                Deployment = input.Deployment,
                Lengths = lengthDistribution,
                Loads = loads,
                PrefixCacheHit = input.Workload.PrefixCacheHit,
                RequestsPerSeed = perSeed,
                Seeds = seedCount,
                Seed = parse.GetValue(seed),
                Profile = input.Profile,
                Prices = input.Prices,
                MaxTtftSeconds = ttftLimit,
                MinTokSUser = speedLimit,
            };

            bool quiet = parse.GetValue(json);
            using var simulator = OpenSimulator(parse.GetValue(backend));
            long replicas = (long)loads.Count * seedCount;
            var result = CliProgress.Run(
                parse,
                $"simulating {replicas:N0} replicas x {perSeed:N0} requests",
                p => simulator.Run(simulation, findMax, p.ForSweep(), cancellationToken));

            if (csvFile is not null)
            {
                csvFile.Writer.Write(LoadColumns.Csv(result.Points));
                csvFile.Commit();
            }

            string title = $"{input.Model.Id} on {input.Hardware.Id} x{input.Deployment.Gpus}, batch limit {input.Deployment.Batch}, lengths {lengthDistribution}";
            if (plotFile is not null)
            {
                ChartFile.Write(TtftChart(result.Points, input.Model.Id, input.Hardware.Id, input.Deployment, lengthDistribution), plotFile.TemporaryPath);
                plotFile.Commit();
            }

            if (quiet)
            {
                CliOutput.WriteJson(parse, LoadColumns.Document(result));
            }
            else
            {
                Render(CliOutput.Console(parse), title, simulation, result, findMax, parse.GetValue(stats));
            }

            return 0;
        });
        return command;
    }

    /// <summary>The --plot chart: TTFT P50 and P99 against the load (arrival rate, or concurrency for a closed loop); saturated levels are counted, not drawn.</summary>
    private static Chart TtftChart(IReadOnlyList<LoadPoint> points, string model, string hardware, Deployment deployment, LengthDistribution lengths)
    {
        bool closed = points.All(p => p.Concurrency is not null);
        var series = new TtftLoadSeries(
            $"batch limit {deployment.Batch}",
            [.. points.Select(p => new TtftAtLoad(
                p.Concurrency ?? p.Rate ?? p.RequestsPerSecond,
                Duration.FromSeconds(p.TtftP50 ?? 0),
                Duration.FromSeconds(p.TtftP99 ?? 0),
                p.Saturated || p.TtftP50 is null || p.TtftP99 is null))]);
        return TokenCharts.TtftAgainstLoad([series], closed ? "concurrency, requests in flight" : "arrival rate, requests per second", $"{model} on {hardware} x{deployment.Gpus}, lengths {lengths}");
    }

    /// <summary>The lengths: <c>--lengths</c>, else a replayed trace's, else <c>--isl:--osl</c>, capped by <c>--context</c> when given.</summary>
    /// <exception cref="ArgumentException">Names the option at fault.</exception>
    public static LengthDistribution ReadLengths(string? lengths, int isl, int osl, int? context, LengthDistribution? replayed = null)
    {
        var distribution = lengths is not null ? LengthDistribution.Parse(lengths, "--lengths")
            : replayed is not null ? replayed
            : isl > 0 && osl > 0 ? LengthDistribution.Fixed(isl, osl)
            : throw new ArgumentException("is required (or --isl and --osl).", "--lengths");
        if (context is not { } cap)
        {
            return distribution;
        }

        try
        {
            return distribution.WithContextCap(cap);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(CliRunner.MessageOf(e), cap < 2 ? "--context" : "--lengths", e);
        }
    }

    /// <summary>Load levels from exactly one of <c>--rate</c>, <c>--concurrency</c>, <c>--trace</c>.</summary>
    /// <exception cref="ArgumentException">None or several given, or a bad value (names the option).</exception>
    public static IReadOnlyList<ArrivalProcess> ReadLoads(string? rate, double? cv, string? concurrency, string? trace)
    {
        int given = (rate is null ? 0 : 1) + (concurrency is null ? 0 : 1) + (trace is null ? 0 : 1);
        if (given != 1)
        {
            throw new ArgumentException("give exactly one of --rate, --concurrency or --trace.", "--rate");
        }

        if (cv is not null && rate is null)
        {
            throw new ArgumentException("applies to --rate only.", "--cv");
        }

        if (trace is not null)
        {
            try
            {
                return [ArrivalProcess.Replay(RequestTrace.Load(trace))];
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(CliRunner.MessageOf(e), "--trace", e);
            }
        }

        if (concurrency is not null)
        {
            return [.. AxisValues.ParseIntegers(concurrency, "--concurrency").Select(ArrivalProcess.ClosedLoop)];
        }

        var rates = ParseRates(rate!);
        if (cv is { } c && !(c >= 0.05 && c <= 20))
        {
            throw new ArgumentException($"must be between 0.05 and 20 (was {c.ToString(CultureInfo.InvariantCulture)}).", "--cv");
        }

        return [.. rates.Select(r => cv is { } k && k != 1 ? ArrivalProcess.Gamma(r, k) : ArrivalProcess.Poisson(r))];
    }

    /// <summary>Rates: a list <c>1,2.5,4</c> or a geometric range <c>A..B:xF</c> (A, A F, A F^2, ... up to B).</summary>
    /// <exception cref="ArgumentException">Not positive, malformed or over 200 levels; ParamName "--rate".</exception>
    public static IReadOnlyList<double> ParseRates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        int dots = t.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            var list = AxisValues.ParseReals(t, "--rate", double.Epsilon);
            return list.Count <= MaxLevels ? list : throw new ArgumentException($"'{t}' has more than {MaxLevels} levels.", "--rate");
        }

        int colon = t.IndexOf(":x", dots, StringComparison.Ordinal);
        string a = t[..dots], b = colon < 0 ? t[(dots + 2)..] : t[(dots + 2)..colon], f = colon < 0 ? "" : t[(colon + 2)..];
        if (colon < 0 || !Real(a, out double lo) || !Real(b, out double hi) || !Real(f, out double factor) || lo <= 0 || hi < lo || factor <= 1)
        {
            throw new ArgumentException($"'{t}' is not a rate list or a range A..B:xF with 0 < A <= B and F > 1 (e.g. 0.5..16:x2).", "--rate");
        }

        var rates = new List<double>();
        for (double r = lo; r <= hi * (1 + 1e-9); r *= factor)
        {
            rates.Add(r);
            if (rates.Count > MaxLevels)
            {
                throw new ArgumentException($"'{t}' has more than {MaxLevels} levels.", "--rate");
            }
        }

        return rates;
    }

    private static LoadSimulator OpenSimulator(string? name)
    {
        var kind = ParseBackend(name);
        try
        {
            return new LoadSimulator(kind);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(CliRunner.MessageOf(e), "--backend", e);
        }
    }

    private static SweepBackend ParseBackend(string? name) => (name ?? "cpu").Trim().ToUpperInvariant() switch
    {
        "AUTO" => SweepBackend.Auto,
        "CUDA" => SweepBackend.Cuda,
        "OPENCL" => SweepBackend.OpenCl,
        "ILGPU-CPU" => SweepBackend.IlgpuCpu,
        "CPU" => SweepBackend.Cpu,
        "SCALAR" => SweepBackend.Scalar,
        _ => throw new ArgumentException($"unknown backend '{name}'; expected auto, cuda, opencl, ilgpu-cpu, cpu or scalar.", "--backend"),
    };

    private static int ReadRequests(int? requests, double? duration, IReadOnlyList<ArrivalProcess> loads)
    {
        if (requests is not null && duration is not null)
        {
            throw new ArgumentException("give --requests or --duration, not both.", "--duration");
        }

        if (requests is { } n)
        {
            return n is >= 20 and <= 10_000_000 ? n : throw new ArgumentException($"must be between 20 and 10000000 (was {n}).", "--requests");
        }

        if (duration is { } d)
        {
            if (!(d > 0 && double.IsFinite(d)))
            {
                throw new ArgumentException($"must be a positive number of seconds (was {d.ToString(CultureInfo.InvariantCulture)}).", "--duration");
            }

            double top = loads.Max(l => l.RatePerSecond);
            if (!(top > 0) || loads.Any(l => l.Kind == ArrivalKind.ClosedLoop))
            {
                throw new ArgumentException("needs --rate load levels (use --requests with --concurrency).", "--duration");
            }

            return (int)Math.Clamp(Math.Ceiling(d * top), 20, 10_000_000);
        }

        return 2000;
    }

    private static double? Positive(double? value, string option) => value is { } v && !(v > 0 && double.IsFinite(v))
        ? throw new ArgumentException($"must be positive (was {v.ToString(CultureInfo.InvariantCulture)}).", option)
        : value;

    private static bool Real(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static void Render(IAnsiConsole console, string title, LoadSimulation s, LoadSimulationResult result, bool findMax, bool stats)
    {
        console.MarkupLine(CliOutput.Text($"{title}; {s.Seeds} seeds x {s.RequestsPerSeed} requests per level"));
        var table = new Table();
        string[] headers = ["load", "TTFT p50", "TTFT p90", "TTFT p99", "TPOT p50", "tok/s/user p50", "req/s", "out tok/s/GPU", "goodput req/s", "in system", "KV used", "preempt", "$/Mtok out"];
        foreach (string h in headers)
        {
            table.AddColumn(new TableColumn(h).RightAligned());
        }

        foreach (var p in result.Points)
        {
            string load = p.Rate is { } r ? CliOutput.Number(r, 3) + " req/s" : $"{p.Concurrency} in flight";
            string L(double? v) => p.Saturated ? "saturated" : v is { } x ? CliOutput.Seconds(x) : "";
            table.AddRow(
                load, L(p.TtftP50), L(p.TtftP90), L(p.TtftP99), L(p.TpotP50),
                p.Saturated ? "saturated" : p.TokSUserP50 is { } u ? CliOutput.Number(u, 3) : "",
                CliOutput.Number(p.RequestsPerSecond, 3), CliOutput.Number(p.OutputTokSGpu, 3), CliOutput.Number(p.GoodputRequestsPerSecond, 3),
                CliOutput.Number(p.MeanInSystem, 3), CliOutput.Number(p.KvUtilization * 100, 3) + " %", CliOutput.Number(p.Preemptions, 3),
                p.UsdPerMtokOutput is { } usd ? "$" + CliOutput.Number(usd, 3) : "n/a");
        }

        console.Write(table);
        if (findMax)
        {
            string sla = string.Join(" and ", new[]
            {
                s.MaxTtftSeconds is { } t ? $"TTFT P90 <= {CliOutput.Seconds(t)}" : null,
                s.MinTokSUser is { } m ? $"median tok/s/user >= {CliOutput.Number(m, 3)}" : null,
            }.Where(x => x is not null));
            console.MarkupLine(CliOutput.Text(result.MaxRateMeetingSla is { } best
                ? $"highest arrival rate meeting {sla}: {CliOutput.Number(best, 3)} req/s (max_rate_meeting_sla)"
                : $"no rate asked meets {sla} (max_rate_meeting_sla: null)"));
        }

        if (stats)
        {
            console.MarkupLine(CliOutput.Text(string.Create(CultureInfo.InvariantCulture,
                $"{result.SimulatedRequests:N0} requests simulated in {result.Seconds:F2} s = {CliOutput.Number(result.RequestsPerSecond, 3)} requests/s on {result.Backend}")));
        }
    }
}
