using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;
using Chart = TokenKernels.Chart;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>fleet</c>: the fleet a day of traffic needs at an SLA, its cost, its revenue (price x quantity by token class) and
/// margins, against the fleet an operator states; a built-in scenario (DeepSeek's published day) with every number
/// overridable.
/// </summary>
public static class FleetCommand
{
    private static readonly string[] SpeedColumns = ["tok_s_user", "gpus", "utilization", "cost_usd_per_day", "margin_on_cost", "configuration"];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("fleet", "Fleet for a daily demand at an SLA: GPUs, utilisation, cost, revenue (P x Q), margins, GPUs left of a stated fleet");
        var scenario = new Option<string>("--scenario") { Description = "Built-in scenario: " + string.Join(", ", FleetScenario.BuiltIn.Select(s => s.Name)) + "; every value below overrides it", DefaultValueFactory = _ => FleetScenario.DeepSeek202502.Name };
        var input = new Option<double?>("--input-tokens-per-day") { Description = "Input tokens per day (cache hits included)" };
        var hitShare = new Option<double?>("--cache-hit-share") { Description = "Share 0-1 of input tokens served from the prompt cache" };
        var output = new Option<double?>("--output-tokens-per-day") { Description = "Output tokens per day" };
        var peak = new Option<double?>("--peak-to-average") { Description = "Daily load curve: peak rate / average rate (>= 1); the fleet is sized for the peak" };
        var hitPrice = new Option<double?>("--price-cache-hit") { Description = "USD per 1M input tokens served from the cache" };
        var missPrice = new Option<double?>("--price-cache-miss") { Description = "USD per 1M other input tokens" };
        var outPrice = new Option<double?>("--price-output") { Description = "USD per 1M output tokens" };
        var gpuHour = new Option<double?>("--gpu-hour-usd") { Description = "Price of one GPU-hour" };
        var stated = new Option<double?>("--stated-gpus") { Description = "GPUs the operator states it runs (0 = none stated)" };
        var hardware = new Option<string?>("--hardware") { Description = CliOptions.Hardware().Description };
        var model = new Option<string?>("--model") { Description = CliOptions.Model().Description };
        var sla = new Option<double?>("--min-tok-s-user") { Description = "Output tok/s per user the fleet must give (the SLA of gpus)" };
        var maxTtft = new Option<double?>("--max-ttft-s") { Description = "Longest acceptable time to first token, seconds (default: no bound)" };
        var targets = new Option<string>("--tok-s-user") { Description = "Further tok/s/user targets, comma-separated: the fleet at each (at_tok_s_user)", DefaultValueFactory = _ => "20,50" };
        var options = new MarketOptions(isl: null, gpus: "8,16,32,64,128,144", tp: "1,8", ep: "8,16,32,64,128,144", batch: "1..65536:x1.2");
        Option[] own = [scenario, input, hitShare, output, peak, hitPrice, missPrice, outPrice, gpuHour, stated, hardware, model, sla, maxTtft, targets];
        foreach (var option in own)
        {
            command.Options.Add(option);
        }

        options.AddTo(command, prices: false);
        CliRunner.SetAction(command, (parse, ct) =>
        {
            var s = Rename(() => FleetScenario.Get(parse.GetValue(scenario) ?? ""), "--scenario");
            var demand = s.Demand with
            {
                InputTokensPerDay = parse.GetValue(input) ?? s.Demand.InputTokensPerDay,
                CacheHitShare = parse.GetValue(hitShare) ?? s.Demand.CacheHitShare,
                OutputTokensPerDay = parse.GetValue(output) ?? s.Demand.OutputTokensPerDay,
                PeakToAverage = parse.GetValue(peak) ?? s.Demand.PeakToAverage,
            };
            Rename(demand.Validate, name => name switch
            {
                nameof(FleetDemand.InputTokensPerDay) => "--input-tokens-per-day",
                nameof(FleetDemand.CacheHitShare) => "--cache-hit-share",
                nameof(FleetDemand.OutputTokensPerDay) => "--output-tokens-per-day",
                _ => "--peak-to-average",
            });
            s = s with
            {
                Demand = demand,
                Prices = new TokenPrices(
                    new Usd(Price(parse.GetValue(hitPrice), s.Prices.CacheHit.Dollars, "--price-cache-hit")),
                    new Usd(Price(parse.GetValue(missPrice), s.Prices.CacheMiss.Dollars, "--price-cache-miss")),
                    new Usd(Price(parse.GetValue(outPrice), s.Prices.Output.Dollars, "--price-output"))),
                GpuHourPrice = new Usd(Positive(parse.GetValue(gpuHour), s.GpuHourPrice.Dollars, "--gpu-hour-usd")),
                StatedGpus = parse.GetValue(stated) is { } g ? (g == 0 ? null : Positive(g, g, "--stated-gpus")) : s.StatedGpus,
                MinTokSUser = parse.GetValue(sla) is { } m ? (m >= 0 && double.IsFinite(m) ? m : throw new ArgumentException($"must be at least 0 (was {m}).", "--min-tok-s-user")) : s.MinTokSUser,
                MaxTtft = parse.GetValue(maxTtft) is { } t ? Duration.FromSeconds(Positive(t, t, "--max-ttft-s")) : s.MaxTtft,
                Hardware = parse.GetValue(hardware) ?? s.Hardware,
                Model = parse.GetValue(model) ?? s.Model,
            };
            if (parse.GetValue(input) is not null || parse.GetValue(output) is not null || parse.GetValue(hitShare) is not null
                || parse.GetValue(hitPrice) is not null || parse.GetValue(missPrice) is not null || parse.GetValue(outPrice) is not null)
            {
                // A stated revenue belongs to the stated day only.
                s = s with { StatedRevenuePerDay = null };
            }

            var speeds = MarketOptions.ParseTargets(parse.GetValue(targets) ?? "", "--tok-s-user");
            var hw = CliOptions.ResolveHardware(s.Hardware, options.ReadEngine(parse));
            var m2 = CliOptions.ResolveModel(s.Model);
            int osl = AxisValues.ParseIntegers(parse.GetValue(options.Osl) ?? "1000", "--osl")[0];
            string isl = Math.Max(1, (long)Math.Round(osl * demand.InputTokensPerDay / demand.OutputTokensPerDay)).ToString(CultureInfo.InvariantCulture);
            var grid = options.Grid(parse, [m2], [hw], prefixHitDefault: demand.CacheHitShare, islDefault: isl, mtpDefault: s.MtpAcceptance);
            ChartFile.CheckPath(parse.GetValue(options.Plot), "--plot");
            using var csv = OutputFile.Create(parse.GetValue(options.Csv), "--csv");
            using var plot = OutputFile.Create(parse.GetValue(options.Plot), "--plot");
            using var engine = options.OpenEngine(parse);
            var report = Rename(
                () => CliProgress.Run(parse, "sizing the fleet", p => Economics.PlanFleet(engine, s, grid, speeds, p.Counting(speeds.Count + 1), ct)),
                "--tok-s-user");
            var speedRows = report.AtTokSUser.Select(Row).ToList();
            if (csv is not null)
            {
                MarketOutput.Csv(csv, SpeedColumns, speedRows);
            }

            if (plot is not null)
            {
                ChartFile.Write(Chart(report), plot.TemporaryPath);
            }

            csv?.Commit();
            plot?.Commit();

            var json = Json(report, grid);
            if (parse.GetValue(options.Json))
            {
                CliOutput.WriteJson(parse, json);
                return 0;
            }

            var console = CliOutput.Console(parse);
            var table = new Table { Title = new TableTitle(CliOutput.Text($"{s.Name}: {s.Model} on {s.Hardware} at ${s.GpuHourPrice.Dollars.ToString(CultureInfo.InvariantCulture)}/GPU-hour")) }
                .AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned()).AddColumn("json field");
            foreach (var (label, field) in Fields)
            {
                table.AddRow(CliOutput.Text(label), CliOutput.Text(MarketOutput.Cell(json, field)), CliOutput.Text(field));
            }

            console.Write(table);
            MarketOutput.Table(parse, "the model's fleet for the same traffic at each tok/s/user (at_tok_s_user)", SpeedColumns, speedRows);
            return 0;
        });
        return command;
    }

    private static readonly (string Label, string Field)[] Fields =
    [
        ("input tokens per day", "input_tokens_per_day"),
        ("  served from the prompt cache", "cache_hit_share"),
        ("output tokens per day", "output_tokens_per_day"),
        ("peak / average rate", "peak_to_average"),
        ("SLA: output tok/s per user", "min_tok_s_user"),
        ("MTP tokens per step", "mtp_acceptance"),
        ("GPUs the model needs", "gpus"),
        ("  configuration", "configuration"),
        ("  utilisation", "utilization"),
        ("  cost per day", "model_cost_usd_per_day"),
        ("GPUs stated", "gpus_stated"),
        ("GPUs left for other work", "gpus_left"),
        ("cost per day", "cost_usd_per_day"),
        ("revenue per day (P x Q)", "revenue_usd_per_day"),
        ("  revenue the operator states", "stated_revenue_usd_per_day"),
        ("margin: profit / revenue", "margin_on_revenue"),
        ("margin: profit / cost", "margin_on_cost"),
    ];

    /// <summary>The fleet against interactivity: GPUs at each tok/s/user target (and the scenario's own), for the same traffic.</summary>
    /// <exception cref="ArgumentException">No target can be served (named for <c>--plot</c>).</exception>
    public static Chart Chart(FleetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.AtTokSUser.Append(report.Model).Any(a => a.Gpus is not null))
        {
            throw new ArgumentException("no tok/s/user target can be served, so there is nothing to draw.", "--plot");
        }

        // The model's fleet at each target beside the stated fleet (TokenKernels.Charts draws both from the report).
        return TokenCharts.FleetAgainstInteractivity(report);
    }

    /// <summary>The contract's JSON document for a report.</summary>
    public static JsonObject Json(FleetReport report, SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(grid);
        var s = report.Scenario;
        return new JsonObject
        {
            ["scenario"] = s.Name,
            ["source"] = s.Source,
            ["hardware"] = s.Hardware,
            ["model"] = s.Model,
            ["gpu_hour_usd"] = s.GpuHourPrice.Dollars,
            ["input_tokens_per_day"] = s.Demand.InputTokensPerDay,
            ["cache_hit_share"] = s.Demand.CacheHitShare,
            ["output_tokens_per_day"] = s.Demand.OutputTokensPerDay,
            ["peak_to_average"] = s.Demand.PeakToAverage,
            ["usd_per_mtok_input_cache_hit"] = s.Prices.CacheHit.Dollars,
            ["usd_per_mtok_input"] = s.Prices.CacheMiss.Dollars,
            ["usd_per_mtok_output"] = s.Prices.Output.Dollars,
            ["min_tok_s_user"] = s.MinTokSUser,
            ["mtp_acceptance"] = grid.MtpAcceptance[0],
            ["isl"] = grid.InputTokens[0],
            ["osl"] = grid.OutputTokens[0],
            ["gpus"] = report.Model.Gpus,
            ["configuration"] = MarketOutput.Configuration(report.Model.Serving),
            ["utilization"] = MarketOutput.Number(report.Model.Utilization),
            ["model_cost_usd_per_day"] = MarketOutput.Usd(report.Model.CostPerDay),
            ["gpus_stated"] = MarketOutput.Number(report.GpusStated),
            ["gpus_left"] = MarketOutput.Number(report.GpusLeft),
            ["cost_usd_per_day"] = MarketOutput.Usd(report.CostPerDay),
            ["revenue_usd_per_day"] = report.RevenuePerDay.Dollars,
            ["stated_revenue_usd_per_day"] = MarketOutput.Usd(s.StatedRevenuePerDay),
            ["margin_on_revenue"] = MarketOutput.Number(report.MarginOnRevenue),
            ["margin_on_cost"] = MarketOutput.Number(report.MarginOnCost),
            ["at_tok_s_user"] = new JsonArray([.. report.AtTokSUser.Select(a => (JsonNode)Row(a))]),
        };
    }

    private static JsonObject Row(FleetAtSpeed a) => new()
    {
        ["tok_s_user"] = a.TokSUser,
        ["gpus"] = a.Gpus,
        ["utilization"] = MarketOutput.Number(a.Utilization),
        ["cost_usd_per_day"] = MarketOutput.Usd(a.CostPerDay),
        ["margin_on_cost"] = MarketOutput.Number(a.MarginOnCost),
        ["configuration"] = MarketOutput.Configuration(a.Serving),
    };

    private static double Price(double? value, double fallback, string option) =>
        value is not { } v ? fallback : v >= 0 && double.IsFinite(v) ? v : throw new ArgumentException($"must not be negative (was {v}).", option);

    private static double Positive(double? value, double fallback, string option) =>
        value is not { } v ? fallback : v > 0 && double.IsFinite(v) ? v : throw new ArgumentException($"must be positive (was {v}).", option);

    private static T Rename<T>(Func<T> action, string option)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e) when (!(e.ParamName?.StartsWith("--", StringComparison.Ordinal) ?? false))
        {
            throw new ArgumentException(CliRunner.MessageOf(e), option, e);
        }
    }

    private static void Rename(Action action, Func<string?, string> option)
    {
        try
        {
            action();
        }
        catch (ArgumentException e) when (!(e.ParamName?.StartsWith("--", StringComparison.Ordinal) ?? false))
        {
            throw new ArgumentException(CliRunner.MessageOf(e), option(e.ParamName), e);
        }
    }
}
