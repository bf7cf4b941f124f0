using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>compare</c>: one workload across accelerators in one run, each at its own GPU-hour price: the cheapest configuration
/// at each tok/s/user target ($/Mtok input, output, total) and each hardware's frontier.
/// </summary>
public static class CompareCommand
{
    /// <summary>Columns of a row (table, CSV and JSON).</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["hardware", "tok_s_user", "usd_per_mtok_output", "usd_per_mtok_input", "usd_per_mtok_total", "gpu_hour_usd", "configuration"];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("compare", "One workload across accelerators, each at its own price: best $/Mtok at each tok/s/user target, and each frontier");
        var model = CliOptions.Model();
        var hardware = new Option<string>("--hardware") { Description = CliOptions.Hardware().Description + "; a list a,b,c", DefaultValueFactory = _ => "h100-sxm,h200,b200,gb200,mi300x,mi325x,mi355x" };
        var targets = new Option<string>("--tok-s-user") { Description = "Interactivity targets, tok/s per user, comma-separated", DefaultValueFactory = _ => "20,50" };
        var maxTtft = new Option<double?>("--max-ttft-s") { Description = "Longest acceptable time to first token at every target, seconds (default: no bound)" };
        var options = new MarketOptions();
        command.Options.Add(model);
        command.Options.Add(hardware);
        command.Options.Add(targets);
        command.Options.Add(maxTtft);
        options.AddTo(command);
        CliRunner.SetAction(command, (parse, ct) =>
        {
            var m = CliOptions.ResolveModel(parse.GetRequiredValue(model));
            var hw = MarketOptions.ParseHardware(parse.GetValue(hardware) ?? "", options.ReadEngine(parse));
            var speeds = MarketOptions.ParseTargets(parse.GetValue(targets) ?? "", "--tok-s-user");
            Duration? ttft = parse.GetValue(maxTtft) is { } t
                ? (t > 0 ? Duration.FromSeconds(t) : throw new ArgumentException($"must be positive (was {t}).", "--max-ttft-s"))
                : null;
            var prices = options.Prices(parse, hw);
            var grid = options.Grid(parse, [m], hw);
            ChartFile.CheckPath(parse.GetValue(options.Plot), "--plot");
            using var csv = OutputFile.Create(parse.GetValue(options.Csv), "--csv");
            using var plot = OutputFile.Create(parse.GetValue(options.Plot), "--plot");
            using var engine = options.OpenEngine(parse);
            var comparison = OffersCommand.Rename(
                () => CliProgress.Run(parse, "comparing hardware", p => Economics.CompareHardware(engine, grid, prices, speeds, ttft, p.Counting(hw.Count * (speeds.Count + 1)), ct)),
                "--gpu-hour-usd");
            var rows = comparison.Rows.Select(Row).ToList();
            if (csv is not null)
            {
                MarketOutput.Csv(csv, Columns, rows);
            }

            if (plot is not null)
            {
                var series = comparison.Frontiers.Where(f => f.Points.Count > 0)
                    .Select(f => new FrontierSeries(string.Create(CultureInfo.InvariantCulture, $"{f.Hardware} (${f.GpuHourPrice.Dollars:0.##}/GPU-hour)"), f.Points))
                    .ToList();
                string lengths = string.Create(CultureInfo.InvariantCulture, $"{m.Id}, {string.Join("/", grid.InputTokens)} in, {string.Join("/", grid.OutputTokens)} out, {prices.Description}");
                ChartFile.Write(TokenCharts.CostAgainstInteractivity(series, ChartCost.Total, lengths), plot.TemporaryPath);
            }

            csv?.Commit();
            plot?.Commit();

            if (parse.GetValue(options.Json))
            {
                CliOutput.WriteJson(parse, new JsonObject
                {
                    ["model"] = m.Id,
                    ["prices"] = prices.Description,
                    ["rows"] = new JsonArray([.. rows]),
                    ["frontiers"] = new JsonArray([.. comparison.Frontiers.Select(f => (JsonNode)new JsonObject
                    {
                        ["hardware"] = f.Hardware,
                        ["gpu_hour_usd"] = f.GpuHourPrice.Dollars,
                        ["points"] = new JsonArray([.. f.Points.Select(p => (JsonNode)new JsonObject
                        {
                            ["tok_s_user"] = p.Metrics.TokSUser,
                            ["output_tok_s_gpu"] = p.Metrics.OutputTokSGpu,
                            ["ttft_s"] = p.Metrics.Ttft.Seconds,
                            ["usd_per_mtok_output"] = MarketOutput.Usd(p.Metrics.UsdPerMtokOutput),
                            ["usd_per_mtok_input"] = MarketOutput.Usd(p.Metrics.UsdPerMtokInput),
                            ["usd_per_mtok_total"] = MarketOutput.Usd(p.Metrics.UsdPerMtokTotal),
                            ["configuration"] = MarketOutput.Configuration(p),
                        })]),
                    })]),
                    ["stats"] = SweepOutput.Json(comparison.Stats),
                });
                return 0;
            }

            MarketOutput.Table(parse, $"{m.Id}: cheapest configuration per hardware and tok/s/user ({prices.Description})", Columns, rows);
            CliOutput.Console(parse).MarkupLine(CliOutput.Text(SweepOutput.Describe(comparison.Stats) + "; each hardware's frontier is in --json"));
            return 0;
        });
        return command;
    }

    /// <summary>One row of the contract.</summary>
    public static JsonObject Row(HardwareComparisonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new JsonObject
        {
            ["hardware"] = row.Hardware,
            ["tok_s_user"] = row.TokSUser,
            ["usd_per_mtok_output"] = MarketOutput.Usd(row.UsdPerMtokOutput),
            ["usd_per_mtok_input"] = MarketOutput.Usd(row.UsdPerMtokInput),
            ["usd_per_mtok_total"] = MarketOutput.Usd(row.UsdPerMtokTotal),
            ["gpu_hour_usd"] = row.GpuHourPrice.Dollars,
            ["configuration"] = MarketOutput.Configuration(row.Serving),
        };
    }
}
