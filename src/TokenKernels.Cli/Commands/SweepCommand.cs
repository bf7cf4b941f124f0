using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>sweep</c>: evaluates every configuration of a grid with a frontier reduction and reports how many ran, how fast,
/// and each model x hardware's best; <c>--csv FILE</c> writes every feasible point instead; <c>--stats</c> prints only
/// the statistics as JSON.
/// </summary>
public static class SweepCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("sweep", "Evaluate a grid of configurations (any option may be a list or range) on the GPU or every CPU core");
        var options = new SweepOptions();
        options.AddTo(command);
        var stats = new Option<bool>("--stats") { Description = "Print only JSON statistics: configs_evaluated, feasible_configs, seconds, configs_per_second, backend" };
        var csv = new Option<string?>("--csv") { Description = "Write every feasible point to this CSV file" };
        var run = new SweepRun();
        command.Options.Add(stats);
        command.Options.Add(csv);
        run.AddTo(command);
        CliRunner.SetAction(command, (parse, cancellationToken) =>
        {
            var grid = options.Read(parse);
            bool json = parse.GetValue(options.Json) || parse.GetValue(stats);
            using var file = OutputFile.Create(parse.GetValue(csv), "--csv");
            using var engine = options.OpenEngine(parse);
            if (file is not null)
            {
                file.Writer.WriteLine(PointColumns.CsvHeader());
                var streamed = run.Execute(
                    parse,
                    engine,
                    grid,
                    (progress, ct) => engine.Stream(grid, points => SweepOutput.WriteCsv(file.Writer, grid, points), progress, ct),
                    (sample, ct) => engine.Stream(sample, points => SweepOutput.WriteCsv(TextWriter.Null, sample, points), null, ct),
                    cancellationToken);
                file.Commit();
                Report(parse, json, streamed, null, grid);
                return 0;
            }

            var frontier = run.Execute(parse, engine, grid, (progress, ct) => engine.Frontier(grid, progress, ct), null, cancellationToken);
            Report(parse, json, frontier.Stats, frontier.Value, grid);
            return 0;
        });
        return command;

        void Report(ParseResult parse, bool json, SweepStats s, IReadOnlyList<FrontierPoint>? frontier, SweepGrid grid)
        {
            if (parse.GetValue(stats))
            {
                CliOutput.WriteJson(parse, SweepOutput.Json(s));
                return;
            }

            var groups = (frontier ?? []).GroupBy(p => (p.Configuration.Model, p.Configuration.Hardware)).Select(g => new
            {
                g.Key.Model,
                g.Key.Hardware,
                Points = g.Count(),
                BestThroughput = g.Max(p => p.Metrics.OutputTokSGpu),
                BestUser = g.Max(p => p.Metrics.TokSUser),
                Cheapest = g.Min(p => p.Metrics.UsdPerMtokTotal?.Dollars),
            }).ToList();
            if (json)
            {
                var doc = new JsonObject { ["stats"] = SweepOutput.Json(s) };
                if (frontier is not null)
                {
                    doc["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
                    {
                        ["model"] = g.Model,
                        ["hardware"] = g.Hardware,
                        ["frontier_points"] = g.Points,
                        ["best_output_tok_s_gpu"] = g.BestThroughput,
                        ["best_tok_s_user"] = g.BestUser,
                        ["lowest_usd_per_mtok_total"] = g.Cheapest,
                    })]);
                }

                CliOutput.WriteJson(parse, doc);
                return;
            }

            var console = CliOutput.Console(parse);
            console.MarkupLine(CliOutput.Text(SweepOutput.Describe(s)));
            if (frontier is null)
            {
                return;
            }

            var table = new Table().AddColumns("model", "hardware", "frontier points", "best output tok/s/GPU", "best tok/s/user", "lowest $/Mtok (total)");
            foreach (var g in groups)
            {
                table.AddRow(
                    CliOutput.Text(g.Model), CliOutput.Text(g.Hardware), g.Points.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    CliOutput.Number(g.BestThroughput), CliOutput.Number(g.BestUser), g.Cheapest is { } c ? "$" + CliOutput.Number(c, 3) : "n/a");
            }

            console.Write(table);
            console.MarkupLine(CliOutput.Text("`frontier` lists every frontier point; configurations that cannot run are counted, not shown."));
        }
    }
}
