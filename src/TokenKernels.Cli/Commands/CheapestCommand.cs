using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>cheapest</c>: the configuration with the lowest $/Mtok (InferenceX total) whose TTFT, tok/s/user and context meet
/// the SLA, or a plain statement that none does.
/// </summary>
public static class CheapestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("cheapest", "The cheapest configuration ($/Mtok) meeting an SLA: max TTFT, min tok/s/user, min context");
        var options = new SweepOptions();
        options.AddTo(command);
        var maxTtft = new Option<double?>("--max-ttft-s") { Description = "Longest acceptable time to first token, seconds (with --load: the P90 at that load); default: no limit" };
        var minTokSUser = new Option<double>("--min-tok-s-user") { Description = "Slowest acceptable output tokens per second per user", Required = true };
        command.Options.Add(maxTtft);
        command.Options.Add(minTokSUser);
        var run = new SweepRun();
        run.AddTo(command);
        CliRunner.SetAction(command, (parse, cancellationToken) =>
        {
            var grid = options.Read(parse, contextWithoutLengths: true);
            var sla = new ServiceLevel
            {
                MaxTtft = Duration.FromSeconds(parse.GetValue(maxTtft) ?? double.PositiveInfinity),
                MinTokSUser = parse.GetValue(minTokSUser),

                // With --lengths, --context caps the mix (the grid's reservation rule); without, every sequence must hold it.
                MinContext = grid.Lengths is null ? parse.GetValue(options.Context) ?? 0 : 0,
            };
            bool json = parse.GetValue(options.Json);
            using var engine = options.OpenEngine(parse);
            SweepResult<FrontierPoint?> result;
            try
            {
                result = run.Execute(parse, engine, grid, (progress, ct) => engine.Cheapest(grid, sla, progress, ct), null, cancellationToken);
            }
            catch (ArgumentException e) when (e.ParamName is "MaxTtft" or "MinTokSUser" or "MinContext")
            {
                string option = e.ParamName switch { "MaxTtft" => "--max-ttft-s", "MinTokSUser" => "--min-tok-s-user", _ => "--context" };
                throw new ArgumentException(CliRunner.MessageOf(e), option, e);
            }
            catch (ArgumentException e) when (e.ParamName == nameof(SweepGrid.Prices))
            {
                throw new ArgumentException("a hardware has no catalog price; pass --gpu-hour-usd.", "--gpu-hour-usd", e);
            }

            string slaText = string.Create(
                CultureInfo.InvariantCulture,
                $"{(double.IsFinite(sla.MaxTtft.Seconds) ? $"TTFT{(grid.Load > 0 ? $" P90 at {grid.Load:P0} load" : grid.Rate > 0 ? $" P90 at {grid.Rate} requests/s" : "")} <= {sla.MaxTtft.Seconds} s, " : "")}tok/s/user >= {sla.MinTokSUser}{(sla.MinContext > 0 ? $", context >= {sla.MinContext}" : "")}{(grid.Lengths is { } l ? $", lengths {l}" : "")}");
            if (json)
            {
                CliOutput.WriteJson(parse, new JsonObject
                {
                    ["found"] = result.Value is not null,
                    ["sla"] = new JsonObject
                    {
                        ["max_ttft_s"] = double.IsFinite(sla.MaxTtft.Seconds) ? sla.MaxTtft.Seconds : null, ["min_tok_s_user"] = sla.MinTokSUser, ["min_context"] = sla.MinContext,
                        ["load"] = grid.Load > 0 ? grid.Load : null,
                        ["rate"] = grid.Rate > 0 ? grid.Rate : null,
                    },
                    ["point"] = result.Value is { } p ? SweepOutput.Json(grid, p) : null,
                    ["stats"] = SweepOutput.Json(result.Stats),
                });
                return 0;
            }

            var console = CliOutput.Console(parse);
            if (result.Value is not { } best)
            {
                console.MarkupLine(CliOutput.Text($"No configuration meets the SLA ({slaText}): {result.Stats.FeasibleConfigs:N0} of {result.Stats.ConfigsEvaluated:N0} swept configurations can run, none fast enough."));
                return 0;
            }

            var o = SweepOutput.Json(grid, best);
            console.MarkupLine(CliOutput.Text($"Cheapest meeting {slaText}:"));
            var table = new Table().AddColumn("field").AddColumn(new TableColumn("value").RightAligned());
            foreach (var column in PointColumns.All.Select(c => c.Name).Where(n => o[n] is not null))
            {
                table.AddRow(CliOutput.Text(column), CliOutput.Text(SweepOutput.Cell(o, column)));
            }

            console.Write(table);
            console.MarkupLine(CliOutput.Text(SweepOutput.Describe(result.Stats)));
            return 0;
        });
        return command;
    }
}
