using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary>How the market commands print rows: one table (columns = JSON fields), the same rows as CSV, numbers as JSON.</summary>
public static class MarketOutput
{
    /// <summary>A dollar amount or null.</summary>
    public static JsonNode? Usd(Usd? usd) => usd is { } u ? JsonValue.Create(u.Dollars) : null;

    /// <summary>A number or null.</summary>
    public static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>
    /// A configuration in one line: <c>h200 x8 tp1 ep8 dp8 fp8/bf16 batch 64 1000/1000</c>; disaggregated, the pools first:
    /// <c>h800 16P+32D x48 tp1 ep32 dp32 ...</c> (with <c>2 decode instances</c> where there are several); or null.
    /// </summary>
    public static string? Configuration(FrontierPoint? point)
    {
        if (point is not { } p)
        {
            return null;
        }

        var c = p.Configuration;
        string mtp = c.MtpAcceptance > 1 ? string.Create(CultureInfo.InvariantCulture, $" mtp {c.MtpAcceptance}") : "";
        string pools = !c.Disaggregated ? ""
            : string.Create(CultureInfo.InvariantCulture, $" {c.PrefillGpus}P+{c.DecodeGpus}D{(c.DecodeInstances > 1 ? $" ({c.DecodeInstances} decode instances)" : "")}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{c.Hardware}{pools} x{c.Gpus} tp{c.ResolvedTp} ep{c.Ep} dp{c.ResolvedDp} {c.Weights.ToString().ToLowerInvariant()}/{c.KvCache.ToString().ToLowerInvariant()} batch {c.Batch} {c.InputTokens}/{c.OutputTokens}{mtp}");
    }

    /// <summary>Prints <paramref name="rows"/> as a table of <paramref name="columns"/>, with an optional title.</summary>
    public static void Table(ParseResult parse, string? title, IReadOnlyList<string> columns, IEnumerable<JsonObject> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table();
        if (title is not null)
        {
            table.Title = new TableTitle(CliOutput.Text(title));
        }

        foreach (string column in columns)
        {
            table.AddColumn(new TableColumn(CliOutput.Text(column)).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow([.. columns.Select(c => CliOutput.Text(Cell(row, c)))]);
        }

        CliOutput.Console(parse).Write(table);
    }

    /// <summary>A table cell: dollars with $, seconds with a unit, shares as %, lists joined.</summary>
    public static string Cell(JsonObject row, string column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row[column] switch
        {
            null => "-",
            JsonArray a => a.Count == 0 ? "-" : string.Join(", ", a.Select(x => x?.ToString())),
            JsonValue v when v.TryGetValue(out double d) => column switch
            {
                _ when column.StartsWith("margin", StringComparison.Ordinal) || column == "utilization" => CliOutput.Number(d * 100, 3) + " %",
                _ when column.Contains("usd", StringComparison.Ordinal) => "$" + CliOutput.Number(d, 4),
                _ when column.EndsWith("_s", StringComparison.Ordinal) => CliOutput.Seconds(d),
                _ => CliOutput.Number(d, 4),
            },
            var v => v.ToString(),
        };
    }

    /// <summary>Writes <paramref name="rows"/> as CSV (header = <paramref name="columns"/>) to <paramref name="file"/>'s temporary file; the caller commits.</summary>
    public static void Csv(OutputFile file, IReadOnlyList<string> columns, IEnumerable<JsonObject> rows)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        file.Writer.WriteLine(string.Join(',', columns));
        foreach (var row in rows)
        {
            file.Writer.WriteLine(string.Join(',', columns.Select(c => CsvCell(row[c]))));
        }
    }

    private static string CsvCell(JsonNode? node) => node switch
    {
        null => "",
        JsonArray a => Quote(string.Join(";", a.Select(x => x?.ToString()))),
        JsonValue v when v.TryGetValue(out double d) => d.ToString("R", CultureInfo.InvariantCulture),
        var v => Quote(v.ToString()),
    };

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
