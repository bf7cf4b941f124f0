using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>frontier</c>: the Pareto frontier of output tok/s/GPU against tok/s/user per model and hardware (and per
/// <c>--by</c> axis), from the lowest to the highest tok/s/user, each point with its cost.
/// </summary>
public static class FrontierCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("frontier", "Pareto frontier of output tok/s/GPU vs tok/s/user (with $/Mtok) per model and hardware");
        var options = new SweepOptions();
        options.AddTo(command);
        var by = new Option<string?>("--by") { Description = "Further axes to keep apart, comma-separated (e.g. tp,weights)" };
        var csv = new Option<string?>("--csv") { Description = "Write the frontier's points to this CSV file" };
        var plot = new Option<string?>("--plot") { Description = "Write the frontier chart (output tok/s/GPU vs tok/s/user, $/Mtok labelled): .png, .svg or .html" };
        var plotCost = new Option<string?>("--plot-cost") { Description = "Write the cost chart ($/Mtok, log, vs tok/s/user): .png, .svg or .html" };
        command.Options.Add(by);
        command.Options.Add(csv);
        command.Options.Add(plot);
        command.Options.Add(plotCost);
        var run = new SweepRun();
        run.AddTo(command);
        CliRunner.SetAction(command, (parse, cancellationToken) =>
        {
            var keepApart = SweepOptions.ParseAxes(parse.GetValue(by));
            var grid = options.Read(parse, keepApart);
            ChartFile.CheckPath(parse.GetValue(plot), "--plot");
            ChartFile.CheckPath(parse.GetValue(plotCost), "--plot-cost");
            using var csvFile = OutputFile.Create(parse.GetValue(csv), "--csv");
            using var plotFile = OutputFile.Create(parse.GetValue(plot), "--plot");
            using var plotCostFile = OutputFile.Create(parse.GetValue(plotCost), "--plot-cost");
            bool json = parse.GetValue(options.Json);
            using var engine = options.OpenEngine(parse);
            var result = run.Execute(parse, engine, grid, (progress, ct) => engine.Frontier(grid, progress, ct), null, cancellationToken);
            var points = result.Value;
            var groups = points.GroupBy(p => p.Group).Select(g => (Label: Label(g.First(), keepApart), Points: g.ToList())).ToList();
            if (csvFile is not null)
            {
                csvFile.Writer.WriteLine(PointColumns.CsvHeader());
                SweepOutput.WriteCsv(csvFile.Writer, grid, points);
            }

            var series = groups.Select(g => new FrontierSeries(g.Label, g.Points)).ToList();
            string subtitle = ChartSubtitle(grid);
            if (plotFile is not null)
            {
                ChartFile.Write(TokenCharts.Frontier(series, ChartCost.Total, subtitle), plotFile.TemporaryPath);
            }

            if (plotCostFile is not null)
            {
                ChartFile.Write(TokenCharts.CostAgainstInteractivity(series, ChartCost.Total, subtitle), plotCostFile.TemporaryPath);
            }

            // All files or none: commit only once everything is written.
            csvFile?.Commit();
            plotFile?.Commit();
            plotCostFile?.Commit();

            if (json)
            {
                CliOutput.WriteJson(parse, new JsonObject
                {
                    ["stats"] = SweepOutput.Json(result.Stats),
                    ["frontiers"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
                    {
                        ["group"] = g.Label,
                        ["points"] = new JsonArray([.. g.Points.Select(p => (JsonNode)SweepOutput.Json(grid, p))]),
                    })]),
                });
                return 0;
            }

            var console = CliOutput.Console(parse);
            foreach (var (label, group) in groups)
            {
                var table = new Table { Title = new TableTitle(CliOutput.Text(label)) };
                foreach (string column in SweepOutput.TableColumnsFor(grid))
                {
                    table.AddColumn(new TableColumn(column).RightAligned());
                }

                foreach (var p in group)
                {
                    var o = SweepOutput.Json(grid, p);
                    table.AddRow([.. SweepOutput.TableColumnsFor(grid).Select(c => CliOutput.Text(SweepOutput.Cell(o, c)))]);
                }

                console.Write(table);
            }

            if (groups.Count == 0)
            {
                console.MarkupLine(CliOutput.Text("No feasible configuration in the grid."));
            }

            console.MarkupLine(CliOutput.Text(SweepOutput.Describe(result.Stats)));
            return 0;
        });
        return command;
    }

    /// <summary>The grid's fixed settings for a chart's subtitle: "1000 in / 1000 out, fp8" (axes with several values are in the labels).</summary>
    private static string ChartSubtitle(SweepGrid grid)
    {
        var parts = new List<string>();
        if (grid.Lengths is { } lengths)
        {
            parts.Add($"lengths {lengths}");
        }
        else if (grid.InputTokens.Count == 1 && grid.OutputTokens.Count == 1)
        {
            parts.Add($"{grid.InputTokens[0]} in / {grid.OutputTokens[0]} out");
        }

        if (grid.Weights.Count == 1)
        {
            parts.Add($"weights {grid.Weights[0].ToId()}");
        }

        parts.Add(grid.Prices is { } prices
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"${prices.GpuHour.Dollars:0.###}/GPU-hour for all hardware")
            : "catalog GPU-hour prices");
        return string.Join(", ", parts);
    }

    /// <summary>"deepseek-v3 on h200", plus the kept-apart axes' values.</summary>
    public static string Label(FrontierPoint p, IReadOnlyList<SweepAxis> keepApart)
    {
        var c = p.Configuration;
        var parts = new List<string> { $"{c.Model} on {c.Hardware}" };
        foreach (var axis in keepApart.Where(a => a is not SweepAxis.Model and not SweepAxis.Hardware))
        {
            parts.Add(axis switch
            {
                SweepAxis.Gpus => c.Disaggregated
                    ? $"{c.PrefillGpus} prefill + {c.DecodeGpus} decode GPUs{(c.DecodeInstances > 1 ? $" ({c.DecodeInstances} instances)" : "")}"
                    : $"gpus {c.Gpus}",
                SweepAxis.Disaggregated => c.Disaggregated ? "disaggregated" : "colocated",
                SweepAxis.Tp => $"tp {c.ResolvedTp}",
                SweepAxis.Ep => $"ep {c.Ep}",
                SweepAxis.Dp => $"dp {c.ResolvedDp}",
                SweepAxis.Pp => $"pp {c.Pp}",
                SweepAxis.Weights => $"weights {c.Weights.ToId()}",
                SweepAxis.KvCache => $"kv {c.KvCache.ToId()}",
                SweepAxis.Batch => $"batch {c.Batch}",
                SweepAxis.InputTokens => $"isl {c.InputTokens}",
                SweepAxis.OutputTokens => $"osl {c.OutputTokens}",
                _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mtp {c.MtpAcceptance}"),
            });
        }

        return string.Join(", ", parts);
    }
}
