using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace TokenKernels.Cli.Output;

/// <summary>Where and how commands print: Spectre tables for people, one JSON document for scripts.</summary>
public static class CliOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A Spectre console writing to the invocation's output (stdout, or a test's writer).</summary>
    public static IAnsiConsole Console(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var writer = parse.InvocationConfiguration.Output;
        bool terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });

        // Piped output has no width; a wide default keeps table rows on one line in files and CI logs.
        if (!terminal)
        {
            console.Profile.Width = 200;
        }

        return console;
    }

    /// <summary>Writes one JSON document to the invocation's output.</summary>
    public static void WriteJson(ParseResult parse, JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(document);
        parse.InvocationConfiguration.Output.WriteLine(document.ToJsonString(Indented));
    }

    /// <summary>A number with about <paramref name="significant"/> significant digits, invariant culture, no exponent for everyday sizes.</summary>
    public static string Number(double value, int significant = 4)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        if (value == 0)
        {
            return "0";
        }

        double magnitude = Math.Floor(Math.Log10(Math.Abs(value)));
        int decimals = (int)Math.Clamp(significant - 1 - magnitude, 0, 12);
        return Math.Round(value, decimals).ToString("#,0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>A duration in the unit that reads best (µs, ms or s).</summary>
    public static string Seconds(double seconds) => seconds switch
    {
        0 => "0",
        < 1e-3 => Number(seconds * 1e6, 3) + " µs",
        < 1 => Number(seconds * 1e3, 3) + " ms",
        _ => Number(seconds, 3) + " s",
    };

    /// <summary>Escapes text for Spectre markup.</summary>
    public static string Text(string? text) => Markup.Escape(text ?? "");
}
