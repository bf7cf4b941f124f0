using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Calibration;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>validate</c>: predicts every row of a measurements file and compares, per row, per metric, per hardware and per
/// source; <c>--cross-validate</c> predicts each source with a profile fitted on the others (leave-one-source-out).
/// </summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("validate", "Predict every row of a measurements CSV and report the errors (data/README.md schema)");
        var data = Data();
        var json = CliOptions.Json();
        var profile = CliOptions.Profile();
        var crossValidate = new Option<bool>("--cross-validate")
        {
            Description = "Cross-validate: predict each source's rows with a profile fitted on every other source (and likewise per engine and per vendor; about a CPU-minute)",
        };
        var evaluations = MaxEvaluations();
        command.Options.Add(data);
        command.Options.Add(json);
        command.Options.Add(profile);
        command.Options.Add(crossValidate);
        command.Options.Add(evaluations);
        CliRunner.SetAction(command, (parse, cancellationToken) =>
        {
            string path = parse.GetValue(data)!;
            var rows = MeasurementCsv.Load(path);
            var loaded = CliOptions.LoadProfile(parse.GetValue(profile));
            JsonObject document;
            ValidationReport report;
            IReadOnlyList<CrossValidationFold>? folds = null;
            if (parse.GetValue(crossValidate))
            {
                var options = Options(parse.GetValue(evaluations), loaded);
                int sources = rows.Select(r => r.Source).Distinct().Count();
                var cv = CliProgress.Run(parse, "cross-validating", progress => Calibrator.CrossValidate(
                    rows,
                    options with { EvaluationProgress = progress.Counting((long)sources * options.Starts * options.MaxEvaluations), CancellationToken = cancellationToken }));
                report = cv.HeldOut;
                folds = cv.Folds;
            }
            else
            {
                report = Validation.Run(rows, loaded);
            }

            document = ValidationJson.Report(report);
            document["data"] = Path.GetFileName(path);
            document["profile"] = folds is null ? (loaded ?? EfficiencyProfile.Default).Provenance : "leave-one-source-out: one fit per held-out source";
            if (folds is not null)
            {
                document["folds"] = new JsonArray([.. folds.Select(f => (JsonNode)new JsonObject
                {
                    ["source"] = f.Source,
                    ["rows"] = f.Rows,
                    ["parameters"] = new JsonObject([.. f.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))]),
                })]);
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(parse, document);
            }
            else
            {
                Render(CliOutput.Console(parse), report, document["profile"]!.GetValue<string>());
            }

            return 0;
        });
        return command;
    }

    /// <summary><c>--data</c>: the measurements CSV.</summary>
    internal static Option<string> Data() => new("--data")
    {
        Description = "Measurements CSV (schema: data/README.md)",
        Required = true,
    };

    /// <summary><c>--max-evaluations</c>: fit budget.</summary>
    internal static Option<int?> MaxEvaluations() => new("--max-evaluations")
    {
        Description = "Most loss evaluations per search (default 6000; each predicts every row once; a fit runs 3 searches)",
    };

    /// <summary>Fit options from the command line; the start profile also fixes what is not fitted.</summary>
    internal static CalibrationOptions Options(int? maxEvaluations, EfficiencyProfile? start)
    {
        var options = new CalibrationOptions { Start = start ?? EfficiencyProfile.Priors };
        if (maxEvaluations is { } n)
        {
            if (n < 1)
            {
                throw new ArgumentException($"must be at least 1 (was {n}).", "--max-evaluations");
            }

            options = options with { MaxEvaluations = n };
        }

        return options;
    }

    /// <summary>Per-row comparisons, then the summaries.</summary>
    internal static void Render(IAnsiConsole console, ValidationReport report, string profile)
    {
        console.MarkupLine(CliOutput.Text($"profile: {profile}"));
        var rows = new Table().AddColumns("id", "hardware", "model", "metric", "measured", "predicted", "error", "chosen");
        foreach (var r in report.Rows)
        {
            string chosen = string.Join(" ", r.Chosen.Select(kv => $"{kv.Key}={kv.Value}"));
            if (r.Error is not null)
            {
                rows.AddRow(Esc(r.Id), Esc(r.Hardware), Esc(r.Model), "-", "-", "-", Esc("cannot predict: " + r.Error), "");
                continue;
            }

            foreach (var c in r.Metrics)
            {
                rows.AddRow(Esc(r.Id), Esc(r.Hardware), Esc(r.Model), Esc(c.Metric), N(c.Measured), N(c.Predicted), Pct(c.RelError), Esc(chosen));
                chosen = "";
            }
        }

        console.Write(rows);
        console.Write(SummaryTable("Per metric (tok_s_gpu = each row's main per-GPU throughput)", [("all rows", report.Summary)]));
        console.Write(SummaryTable("Per hardware", report.ByHardware.Select(g => (g.Group, g.Metrics))));
        console.Write(SummaryTable("Per source", report.BySource.Select(g => (g.Group, g.Metrics))));
        console.Write(SummaryTable(
            $"Per benchmark kind ({ValidationReport.InteractivityMetric}: tok/s/user and 1000 / TPOT pooled)",
            report.ByKind.Select(g => (g.Group, g.Metrics))));
        int failed = report.Rows.Count(r => r.Error is not null);
        console.MarkupLine(CliOutput.Text($"{report.Rows.Count - failed} of {report.Rows.Count} rows predicted; {failed} could not be (reason in the error column)."));
    }

    internal static Table SummaryTable(string title, IEnumerable<(string Group, IReadOnlyList<MetricSummary> Metrics)> groups)
    {
        var table = new Table().Title(CliOutput.Text(title))
            .AddColumns("group", "metric", "rows", "median |error|", "median pred/meas", "worst ratio", "> 2x off");
        foreach (var (group, metrics) in groups)
        {
            string name = group;
            foreach (var s in metrics)
            {
                table.AddRow(Esc(name), Esc(s.Metric), s.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), N(s.MedianAbsPctError) + " %", N(s.MedianRatio), N(s.WorstRatio), N(s.ShareOffByMoreThan2x * 100) + " %");
                name = "";
            }
        }

        return table;
    }

    private static string Pct(double relative) => (relative >= 0 ? "+" : "") + CliOutput.Number(relative * 100, 3) + " %";

    private static string N(double value) => CliOutput.Number(value);

    private static string Esc(string text) => CliOutput.Text(text);
}
