using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;
using Chart = TokenKernels.Chart;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>offers FILE</c>: provider offers (the CSV format of data/README.md) judged against each other (dominance) and
/// against the physics (cost to serve each offer on the given hardware, margin at its prices).
/// </summary>
public static class OffersCommand
{
    /// <summary>Columns of the table, the CSV and the JSON rows, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "provider", "model", "usd_per_mtok_input", "usd_per_mtok_output", "ttft_s", "tok_s_user", "context_tokens", "dominated_by",
        "cost_to_serve_usd_per_mtok_input", "cost_to_serve_usd_per_mtok_output", "serving_hardware", "margin", "configuration", "note",
    ];

    private static readonly string[] TableColumns =
    [
        "provider", "usd_per_mtok_input", "usd_per_mtok_output", "ttft_s", "tok_s_user", "context_tokens", "dominated_by",
        "cost_to_serve_usd_per_mtok_output", "margin", "configuration",
    ];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("offers", "Provider offers: which are dominated (price, TTFT, tok/s/user, context) and by which; cost to serve each offer stating a TTFT and a tok/s/user (its TTFT met at --load) and the margin at its prices");
        var file = new Argument<string>("file") { Description = "Offers CSV: provider,model,usd_per_mtok_input,usd_per_mtok_input_cache_hit,usd_per_mtok_output,ttft_s,tok_s_user,context_tokens,hardware,source" };
        var hardware = new Option<string>("--hardware") { Description = CliOptions.Hardware().Description + "; a list a,b,c", DefaultValueFactory = _ => "h200,b200,mi300x,mi355x" };
        var options = new MarketOptions();
        command.Arguments.Add(file);
        command.Options.Add(hardware);
        options.AddTo(command);
        CliRunner.SetAction(command, (parse, ct) =>
        {
            var offers = OfferCsv.Load(parse.GetRequiredValue(file));
            var hw = MarketOptions.ParseHardware(parse.GetValue(hardware) ?? "", options.ReadEngine(parse));
            var prices = options.Prices(parse, hw);
            var grid = options.Grid(parse, [], hw);
            if (!(grid.Load > 0))
            {
                throw new ArgumentException("--load is required: an offer's TTFT is met at a stated load (a share of capacity, e.g. --load 0.7).", "--load");
            }

            ChartFile.CheckPath(parse.GetValue(options.Plot), "--plot");
            using var csv = OutputFile.Create(parse.GetValue(options.Csv), "--csv");
            using var plot = OutputFile.Create(parse.GetValue(options.Plot), "--plot");
            using var engine = options.OpenEngine(parse);
            var assessed = Rename(
                () => CliProgress.Run(parse, "pricing offers", p => Economics.AssessOffers(engine, offers, grid, prices, p.Counting(offers.Count * hw.Count), ct)),
                "--gpu-hour-usd");
            var rows = assessed.Select(Row).ToList();
            if (csv is not null)
            {
                MarketOutput.Csv(csv, Columns, rows);
            }

            if (plot is not null)
            {
                ChartFile.Write(Chart(assessed), plot.TemporaryPath);
            }

            csv?.Commit();
            plot?.Commit();

            if (parse.GetValue(options.Json))
            {
                CliOutput.WriteJson(parse, new JsonObject
                {
                    ["prices"] = prices.Description,
                    ["prefix_hit"] = grid.PrefixCacheHit,
                    ["load"] = grid.Load,
                    ["offers"] = new JsonArray([.. rows]),
                });
                return 0;
            }

            MarketOutput.Table(parse, $"{offers.Count} offers, cost to serve on {string.Join(", ", hw.Select(h => h.Id))} ({prices.Description})", TableColumns, rows);
            var console = CliOutput.Console(parse);
            foreach (var a in assessed.Where(a => a.Note is not null))
            {
                console.MarkupLine(CliOutput.Text($"{a.Offer.Provider}: {a.Note}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>One offer's row (the contract's fields and a few more).</summary>
    public static JsonObject Row(OfferAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var o = a.Offer;
        return new JsonObject
        {
            ["provider"] = o.Provider,
            ["model"] = o.Model,
            ["usd_per_mtok_input"] = MarketOutput.Usd(o.InputPrice),
            ["usd_per_mtok_input_cache_hit"] = MarketOutput.Usd(o.InputCacheHitPrice),
            ["usd_per_mtok_output"] = MarketOutput.Usd(o.OutputPrice),
            ["ttft_s"] = MarketOutput.Number(o.Ttft?.Seconds),
            ["tok_s_user"] = MarketOutput.Number(o.TokSUser),
            ["context_tokens"] = o.ContextTokens,
            ["dominated_by"] = new JsonArray([.. a.DominatedBy.Select(p => (JsonNode)p)]),
            ["cost_to_serve_usd_per_mtok_output"] = MarketOutput.Usd(a.CostPerMtokOutput),
            ["cost_to_serve_usd_per_mtok_input"] = MarketOutput.Usd(a.CostPerMtokInput),
            ["serving_hardware"] = a.Serving?.Configuration.Hardware,
            ["gpu_hour_usd"] = MarketOutput.Usd(a.GpuHourPrice),
            ["serving_ttft_s"] = MarketOutput.Number(a.Serving?.Metrics.Ttft.Seconds),
            ["serving_ttft_s_p90_at_load"] = MarketOutput.Number(a.Serving?.Metrics.TtftP90AtLoad?.Seconds),
            ["margin"] = MarketOutput.Number(a.Margin),
            ["configuration"] = MarketOutput.Configuration(a.Serving),
            ["note"] = a.Note,
        };
    }

    /// <summary>
    /// The offers bubble chart (<see cref="TokenCharts.Offers(IReadOnlyList{OfferAssessment}, string)"/>): output price
    /// against TTFT, context as bubble area, dominated offers their own series, margins in the labels; against the context
    /// window when too few offers state a TTFT.
    /// </summary>
    /// <exception cref="ArgumentException">No offer states an output price and a context window (named for <c>--plot</c>).</exception>
    public static Chart Chart(IReadOnlyList<OfferAssessment> assessed)
    {
        ArgumentNullException.ThrowIfNull(assessed);
        var chart = TokenCharts.Offers(assessed);
        if (chart.Series.Count == 0)
        {
            throw new ArgumentException("no offer states an output price and a context window, so none can be placed on the chart.", "--plot");
        }

        return chart;
    }

    // The library names its price parameter; on the command line the prices come from --gpu-hour-usd (or a tier or file).
    internal static T Rename<T>(Func<T> action, string option)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e) when (e.ParamName == "prices")
        {
            throw new ArgumentException(CliRunner.MessageOf(e), option, e);
        }
    }
}
