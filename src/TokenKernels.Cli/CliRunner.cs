using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli;

/// <summary>
/// Runs a parsed command line with the tool's error contract: bad arguments (parse errors, unknown ids, any
/// <see cref="ArgumentException"/> from the library) print ONE line on stderr and exit with code 2, instead of
/// System.CommandLine's default (help text and exit code 1); Ctrl-C or SIGTERM cancels the command's token, which
/// stops the engine, removes temporary output files and exits with code 130; any other exception prints one line and
/// exits with code 1: no stack trace reaches the user.
/// </summary>
public static class CliRunner
{
    /// <summary>Exit code for bad arguments.</summary>
    public const int BadArguments = 2;

    /// <summary>Exit code for an unexpected failure (a bug, or an I/O error).</summary>
    public const int Failure = 1;

    /// <summary>Exit code after Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>The line printed on stderr when a command is cancelled.</summary>
    public const string CancelledMessage = "cancelled: stopped before the work finished; no output file was written.";

    // After a signal, the command has this long to unwind (it polls the token) before the process exits regardless.
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The process entry point: <see cref="Run(RootCommand, string[], TextWriter, TextWriter, CancellationToken)"/> on the
    /// console, with SIGINT/SIGTERM wired to cancellation and a last-resort handler for exceptions on other threads.
    /// </summary>
    public static int RunProcess(RootCommand root, string[] args)
    {
        using var cts = new CancellationTokenSource();
        int signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) > 1)
            {
                Exit("a second signal"); // do not wait for the command to unwind
            }

            cts.Cancel();

            // A thread of its own, not a thread-pool timer: a sweep that fills the pool cannot delay the forced exit.
            new Thread(() =>
            {
                Thread.Sleep(GracePeriod);
                Exit($"the command did not stop within {GracePeriod.TotalSeconds:0} s");
            })
            { IsBackground = true, Name = "cancel-grace" }.Start();
        }

        // The forced exit names why, so that it can be told from a command that stopped by itself.
        static void Exit(string why)
        {
            OutputFile.DeleteAllPending();
            Console.Error.WriteLine($"error: cancelled ({why}): stopped before the work finished; no output file was written.");
            Environment.Exit(Cancelled);
        }

        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            OutputFile.DeleteAllPending();
            Console.Error.WriteLine("error: " + Unexpected(e.ExceptionObject as Exception));
            Environment.Exit(Failure);
        };
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return Run(root, args, Console.Out, Console.Error, cts.Token);
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and invokes the chosen command; help names the tool <see cref="ToolHelp.Name"/>.</summary>
    /// <param name="root">The command tree.</param>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where results go (stdout).</param>
    /// <param name="error">Where errors, estimates and progress go (stderr).</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl-C); the command then exits with <see cref="Cancelled"/>.</param>
    public static int Run(RootCommand root, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(error);
        ToolHelp.Apply(root);
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                error.WriteLine("error: " + OneLine(string.Join("; ", parse.Errors.Select(e => Friendly(e.Message)))) + " (see --help)");
                return BadArguments;
            }

            // Our own token, not System.CommandLine's signal handling: one cancellation path for every command and test.
            var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return parse.InvokeAsync(config, cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("error: " + CancelledMessage);
            return Cancelled;
        }
        catch (ArgumentException e)
        {
            error.WriteLine("error: " + Describe(e));
            return BadArguments;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: " + OneLine(e.Message));
            return Failure;
        }
#pragma warning disable CA1031 // The last resort: whatever escapes a command is a bug, reported in one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine("error: " + Unexpected(e));
            return Failure;
        }
    }

    /// <summary>
    /// Sets a command's action with the token <see cref="Run(RootCommand, string[], TextWriter, TextWriter, CancellationToken)"/>
    /// cancels on Ctrl-C: pass it to the engine (and to <see cref="SweepRun"/>, <see cref="CliProgress"/>).
    /// </summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, int> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction((parse, ct) => Task.FromResult(action(parse, ct)));
    }

    /// <summary>
    /// The message, prefixed by the option it concerns when known, with the library's property name dropped:
    /// <c>--batch: must be at least 1 (was 0).</c> (the library said <c>Batch must be at least 1 (was 0).</c>).
    /// </summary>
    public static string Describe(ArgumentException e)
    {
        string message = MessageOf(e);
        if (CliOptions.OptionFor(e.ParamName) is not { } option || message.StartsWith(option, StringComparison.Ordinal))
        {
            return OneLine(message);
        }

        if (e.ParamName is { } property && message.StartsWith(property + " ", StringComparison.Ordinal))
        {
            message = message[(property.Length + 1)..];
        }

        return OneLine($"{option}: {message}");
    }

    /// <summary>The message without .NET's " (Parameter 'x')" suffix.</summary>
    public static string MessageOf(ArgumentException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    private static string Unexpected(Exception? e) =>
        OneLine($"unexpected {e?.GetType().Name ?? "failure"}: {e?.Message} (this is a bug in tokenkernels; please report it with the command line)");

    // System.CommandLine names CLR types ("System.Nullable`1[System.Int32]"); users think in numbers. A whole number that
    // does not fit is "too large", not "not an integer".
    private static string Friendly(string message) => Regex.Replace(
        Regex.Replace(
            message,
            @"Cannot parse argument '(-?[0-9]+)' for option '([^']*)' as expected type '[^']*Int32[^']*'\.?",
            m => $"{m.Groups[2].Value}: {m.Groups[1].Value} is too {(m.Groups[1].Value.StartsWith('-') ? "small" : "large")} for a whole number (limit {int.MaxValue:N0})."),
        @"as expected type '([^']*)'",
        m => m.Groups[1].Value.Contains("Int32", StringComparison.Ordinal) ? "as an integer"
            : m.Groups[1].Value.Contains("Double", StringComparison.Ordinal) ? "as a number"
            : m.Groups[1].Value.Contains("Boolean", StringComparison.Ordinal) ? "as true or false"
            : m.Value);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
