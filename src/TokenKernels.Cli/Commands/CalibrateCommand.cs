using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Calibration;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// <c>calibrate</c>: fits the efficiency profile to a measurements file and writes it with its provenance (data, date,
/// rows, fitted parameters, in-sample residuals; with <c>--cross-validate</c> also the leave-one-source-out error).
/// </summary>
public static class CalibrateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("calibrate", "Fit the efficiency profile to a measurements CSV and write it as JSON (use with --profile)");
        var data = ValidateCommand.Data();
        var output = new Option<string>("--out") { Description = "Profile JSON to write", Required = true };
        var json = CliOptions.Json();
        var start = new Option<string?>("--start")
        {
            Description = "Profile to start from (and to take unfitted values from); default: the engineering priors",
        };
        var crossValidate = new Option<bool>("--cross-validate")
        {
            Description = "Also estimate the error on unseen data (leave-one-source-out, -engine-out and -vendor-out) and record it in the provenance",
        };
        var evaluations = ValidateCommand.MaxEvaluations();
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Options.Add(start);
        command.Options.Add(crossValidate);
        command.Options.Add(evaluations);
        CliRunner.SetAction(command, (parse, cancellationToken) =>
        {
            string path = parse.GetValue(data)!;
            var rows = MeasurementCsv.Load(path);
            var options = ValidateCommand.Options(parse.GetValue(evaluations), CliOptions.LoadProfile(parse.GetValue(start)));
            bool cv = parse.GetValue(crossValidate);
            using var file = OutputFile.Create(parse.GetValue(output), "--out")!;
            return CliProgress.Run(parse, "calibrating", progress =>
            {
                // One fit, plus one per held-out source when cross-validating; each at most Starts x MaxEvaluations evaluations.
                long budget = (long)options.Starts * options.MaxEvaluations * (1 + (cv ? rows.Select(r => r.Source).Distinct().Count() : 0));
                var run = options with { EvaluationProgress = progress.Counting(budget), CancellationToken = cancellationToken };
                return Calibrate(parse, rows, run, path, cv, file);
            });
        });
        return command;

        int Calibrate(ParseResult parse, IReadOnlyList<Measurement> rows, CalibrationOptions options, string path, bool cv, OutputFile file)
        {
            var fit = Calibrator.Fit(rows, options, Path.GetFileName(path));
            var provenance = new JsonObject
            {
                ["data"] = Path.GetFileName(path),
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["rows"] = rows.Count,
                ["rows_fitted"] = fit.Rows,
                ["evaluations"] = fit.Evaluations,
                ["loss"] = Math.Round(fit.Loss, 6),
                ["method"] = $"Nelder-Mead in logit/log space ({options.Starts} searches, best kept; {options.FoldStarts} per cross-validation fold, from the priors), trust-weighted soft-L1 of log(predicted/measured), sources balanced by 1/sqrt(rows)",
                ["fitted"] = new JsonArray([.. fit.Parameters.Keys.Select(k => (JsonNode)JsonValue.Create(k))]),
                ["in_sample"] = ValidationJson.Summary(fit.InSample.Summary),
                ["in_sample_by_hardware"] = ThroughputByGroup(fit.InSample.ByHardware),
            };
            CrossValidationReport? cvReport = null;
            if (cv)
            {
                int done = 0;
                var started = System.Diagnostics.Stopwatch.StartNew();
                cvReport = Calibrator.CrossValidate(rows, options, (group, count) =>
                {
                    done++;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cross-validation: fold {done} done ({group}, {count} rows held out), {started.Elapsed.TotalSeconds:0} s"));
                });
                var heldOut = cvReport.HeldOut;
                provenance["leave_one_source_out"] = ValidationJson.Summary(heldOut.Summary);
                provenance["leave_one_source_out_by_hardware"] = ThroughputByGroup(heldOut.ByHardware);
                provenance["leave_one_source_out_by_source"] = ThroughputByGroup(heldOut.BySource);
                provenance["leave_one_source_out_by_stack"] = ThroughputByGroup(heldOut.ByStack, StackUserMetrics);
                provenance["leave_one_source_out_by_kind"] = ThroughputByGroup(heldOut.ByKind, KindUserMetrics);
                provenance["leave_one_source_out_beyond_2x"] = BeyondTwice(heldOut.Rows);
                if (cvReport.HeldOutByEngine is { } byEngine)
                {
                    provenance["leave_one_engine_out"] = ValidationJson.Summary(byEngine.Summary);
                    provenance["leave_one_engine_out_by_stack"] = ThroughputByGroup(byEngine.ByStack);
                    provenance["leave_one_engine_out_by_kind"] = ThroughputByGroup(byEngine.ByKind);
                }

                if (cvReport.HeldOutByVendor is { } byVendor)
                {
                    provenance["leave_one_vendor_out"] = ValidationJson.Summary(byVendor.Summary);
                    provenance["leave_one_vendor_out_by_stack"] = ThroughputByGroup(byVendor.ByStack);
                    provenance["leave_one_vendor_out_by_kind"] = ThroughputByGroup(byVendor.ByKind);
                }
            }

            string text = ProfileJson.Write(fit.Profile, provenance);
            file.Writer.WriteLine(text);
            file.Commit();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(parse, JsonNode.Parse(text)!);
            }
            else
            {
                Render(CliOutput.Console(parse), fit, cvReport, parse.GetValue(output)!);
            }

            return 0;
        }
    }

    /// <summary>
    /// Rows whose per-GPU throughput held out by source is more than 2x off either way (issue 11: none beyond 2x without an
    /// explanation in the README), most too fast first: id, source, metric, predicted / measured.
    /// </summary>
    private static JsonArray BeyondTwice(IEnumerable<RowValidation> rows) => new([.. rows
        .Where(r => r.Error is null && r.Throughput is { } t && t.Ratio > 2.0)
        .OrderByDescending(r => r.Throughput!.Value.Predicted / r.Throughput.Value.Measured)
        .ThenBy(r => r.Id, StringComparer.Ordinal)
        .Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Id,
            ["source"] = r.Source,
            ["metric"] = r.Throughput!.Value.Metric,
            ["ratio"] = Math.Round(r.Throughput.Value.Predicted / r.Throughput.Value.Measured, 3),
        })]);

    /// <summary>The per-user rate of a stack group: tok/s/user, else TPOT (as the table shows it).</summary>
    private static readonly string[] StackUserMetrics = ["tok_s_user", "tpot_ms"];

    /// <summary>The per-user rate of a kind group: tok/s/user and 1000 / TPOT pooled.</summary>
    private static readonly string[] KindUserMetrics = [ValidationReport.InteractivityMetric];

    /// <summary>
    /// Per group: per-GPU throughput (rows, median |error|, share beyond 2x, median predicted / measured) and, where
    /// <paramref name="userMetrics"/> names them, the first of those metrics the group has, as <c>per_user</c> (its
    /// median ratio as a rate: a TPOT ratio inverted), as the calibrate tables print them.
    /// </summary>
    private static JsonArray ThroughputByGroup(IEnumerable<GroupSummary> groups, string[]? userMetrics = null) => new([.. groups
        .Select(g => (g, s: g.Metrics.FirstOrDefault(m => m.Metric == ValidationReport.ThroughputMetric)))
        .Where(x => x.s is not null)
        .Select(x =>
        {
            var node = new JsonObject
            {
                ["group"] = x.g.Group,
                ["rows"] = x.s!.Rows,
                ["median_abs_pct_error"] = Math.Round(x.s.MedianAbsPctError, 2),
                ["share_off_by_more_than_2x"] = Math.Round(x.s.ShareOffByMoreThan2x, 4),
                ["median_ratio"] = Math.Round(x.s.MedianRatio, 4),
            };
            var user = userMetrics?.Select(m => x.g.Metrics.FirstOrDefault(s => s.Metric == m)).FirstOrDefault(s => s is not null);
            if (user is not null)
            {
                node["per_user"] = new JsonObject
                {
                    ["metric"] = user.Metric,
                    ["rows"] = user.Rows,
                    ["median_abs_pct_error"] = Math.Round(user.MedianAbsPctError, 2),
                    ["median_rate_ratio"] = Math.Round(user.Metric == "tpot_ms" ? 1 / user.MedianRatio : user.MedianRatio, 4),
                };
            }

            return (JsonNode)node;
        })]);

    private static void Render(IAnsiConsole console, CalibrationResult fit, CrossValidationReport? cv, string path)
    {
        var table = new Table().Title(CliOutput.Text($"Fitted on {fit.Rows} rows ({fit.Evaluations} evaluations, loss {CliOutput.Number(fit.Loss)})"))
            .AddColumns("parameter", "value");
        foreach (var (name, value) in fit.Parameters)
        {
            table.AddRow(CliOutput.Text(name), CliOutput.Number(value));
        }

        console.Write(table);
        console.Write(ValidateCommand.SummaryTable("In-sample accuracy", [("all rows", fit.InSample.Summary)]));
        if (cv is not null)
        {
            var protocols = new List<(string Group, IReadOnlyList<MetricSummary> Metrics)> { ("leave one source out", cv.HeldOut.Summary) };
            if (cv.HeldOutByEngine is { } e)
            {
                protocols.Add(("leave one engine out", e.Summary));
            }

            if (cv.HeldOutByVendor is { } v)
            {
                protocols.Add(("leave one vendor out", v.Summary));
            }

            console.Write(ValidateCommand.SummaryTable("Out-of-sample accuracy (each row predicted by a profile fitted without its source / engine / vendor)", protocols));
            console.Write(StackTable(cv));
            console.Write(KindTable(cv));
            console.Write(ValidateCommand.SummaryTable("Leave-one-source-out per hardware", cv.HeldOut.ByHardware.Select(g => (g.Group, g.Metrics))));
        }

        console.MarkupLine(CliOutput.Text($"wrote {path}"));
    }

    /// <summary>
    /// Per engine / model family / vendor: per-GPU throughput held out three ways (median |error| and median predicted /
    /// measured), and tok/s/user (TPOT as 1000 / TPOT where that is what the row gives) held out by source.
    /// </summary>
    private static Table StackTable(CrossValidationReport cv) => GroupTable(
        cv, "Out of sample per engine / model family / vendor: median |error| (median predicted / measured)",
        "engine / family / vendor", r => r.ByStack, "tok/s/user, source out", g => Cell(g, StackUserMetrics[0], StackUserMetrics[1]));

    /// <summary>
    /// Per benchmark kind (the rows issue 11 compares NVIDIA's AIConfigurator on), then those kinds together: per-GPU
    /// throughput held out three ways and the per-user rate (tok/s/user and 1000 / TPOT pooled) held out by source.
    /// </summary>
    private static Table KindTable(CrossValidationReport cv) => GroupTable(
        cv, "Out of sample per benchmark kind: median |error| (median predicted / measured, rows)",
        "kind", r => r.ByKind, "tok/s/user and TPOT, source out", g => Cell(g, ValidationReport.InteractivityMetric));

    /// <summary>One row per group of <paramref name="groups"/>: throughput held out by source, engine and vendor, then <paramref name="user"/>.</summary>
    private static Table GroupTable(
        CrossValidationReport cv, string title, string first, Func<ValidationReport, IReadOnlyList<GroupSummary>> groups,
        string userColumn, Func<GroupSummary, string> user)
    {
        var table = new Table().Title(CliOutput.Text(title))
            .AddColumns(first, "rows", "tok/s/GPU, source out", "engine out", "vendor out", userColumn);
        var engine = cv.HeldOutByEngine is { } e ? groups(e).ToDictionary(g => g.Group, StringComparer.Ordinal) : null;
        var vendor = cv.HeldOutByVendor is { } v ? groups(v).ToDictionary(g => g.Group, StringComparer.Ordinal) : null;
        foreach (var g in groups(cv.HeldOut))
        {
            table.AddRow(
                CliOutput.Text(g.Group),
                g.Rows.ToString(CultureInfo.InvariantCulture),
                Cell(g, ValidationReport.ThroughputMetric),
                engine is not null && engine.TryGetValue(g.Group, out var eg) ? Cell(eg, ValidationReport.ThroughputMetric) : "-",
                vendor is not null && vendor.TryGetValue(g.Group, out var vg) ? Cell(vg, ValidationReport.ThroughputMetric) : "-",
                user(g));
        }

        return table;
    }

    private static string Cell(GroupSummary g, string metric, string? alternative = null)
    {
        var s = g.Metrics.FirstOrDefault(m => m.Metric == metric) ?? g.Metrics.FirstOrDefault(m => m.Metric == alternative);
        if (s is null)
        {
            return "-";
        }

        double ratio = s.Metric == "tpot_ms" ? 1 / s.MedianRatio : s.MedianRatio;
        return CliOutput.Text($"{CliOutput.Number(s.MedianAbsPctError)} % ({CliOutput.Number(ratio)}x, {s.Rows})");
    }
}
