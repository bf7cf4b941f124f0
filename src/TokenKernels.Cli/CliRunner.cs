using System.CommandLine;
using System.Text.RegularExpressions;

namespace TokenKernels.Cli;

/// <summary>
/// Runs a parsed command line with the tool's error contract: bad arguments (parse errors, unknown ids, any
/// <see cref="ArgumentException"/> from the library) print ONE line on stderr and exit with code 2, instead of
/// System.CommandLine's default (help text and exit code 1).
/// </summary>
public static class CliRunner
{
    /// <summary>Exit code for bad arguments.</summary>
    public const int BadArguments = 2;

    /// <summary>Exit code for an unexpected failure (a bug, or an I/O error).</summary>
    public const int Failure = 1;

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and invokes the chosen command.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine("error: " + OneLine(string.Join("; ", parse.Errors.Select(e => Friendly(e.Message)))) + " (see --help)");
            return BadArguments;
        }

        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (ArgumentException e)
        {
            error.WriteLine("error: " + Describe(e));
            return BadArguments;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            error.WriteLine("error: " + OneLine(e.Message));
            return Failure;
        }
    }

    /// <summary>The message, prefixed by the option it concerns when known: <c>--batch: Batch must be at least 1 (was 0).</c></summary>
    public static string Describe(ArgumentException e)
    {
        string message = MessageOf(e);
        return OneLine(CliOptions.OptionFor(e.ParamName) is { } option && !message.StartsWith(option, StringComparison.Ordinal)
            ? $"{option}: {message}"
            : message);
    }

    /// <summary>The message without .NET's " (Parameter 'x')" suffix.</summary>
    public static string MessageOf(ArgumentException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    // System.CommandLine names CLR types ("System.Nullable`1[System.Int32]"); users think in numbers.
    private static string Friendly(string message) => Regex.Replace(
        message,
        @"as expected type '([^']*)'",
        m => m.Groups[1].Value.Contains("Int32", StringComparison.Ordinal) ? "as an integer"
            : m.Groups[1].Value.Contains("Double", StringComparison.Ordinal) ? "as a number"
            : m.Groups[1].Value.Contains("Boolean", StringComparison.Ordinal) ? "as true or false"
            : m.Value);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
