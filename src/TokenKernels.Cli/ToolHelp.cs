using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace TokenKernels.Cli;

/// <summary>
/// Help that names the tool as users type it. System.CommandLine names the root command after the executable
/// (<c>TokenKernels.Cli</c> under <c>dotnet run</c>, the test host in tests) and the name cannot be set; the assembly
/// cannot be called <c>tokenkernels</c> either (assembly names compare case-insensitively, so it would clash with
/// TokenKernels.dll). So the help action writes System.CommandLine's help and puts <see cref="Name"/> in its usage lines.
/// </summary>
public static class ToolHelp
{
    /// <summary>The command users type: the dotnet tool's <c>ToolCommandName</c>.</summary>
    public const string Name = "tokenkernels";

    /// <summary>Makes <paramref name="root"/>'s <c>--help</c> (for every command under it) name the tool <see cref="Name"/>. Idempotent.</summary>
    public static void Apply(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction inner)
            {
                help.Action = new NamedHelpAction(inner, root.Name);
            }
        }
    }

    /// <summary>The help text with usage lines that start with <paramref name="executable"/> starting with <see cref="Name"/>.</summary>
    public static string Rename(string help, string executable)
    {
        var lines = help.Split('\n');
        bool inUsage = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inUsage = line.StartsWith("Usage:", StringComparison.Ordinal);
                continue;
            }

            string indent = line[..(line.Length - line.TrimStart().Length)];
            string rest = line.TrimStart();
            if (inUsage && (rest == executable || rest.StartsWith(executable + " ", StringComparison.Ordinal)))
            {
                lines[i] = indent + Name + lines[i][(indent.Length + executable.Length)..];
            }
        }

        return string.Join('\n', lines);
    }

    private sealed class NamedHelpAction(HelpAction inner, string executable) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var configuration = parseResult.InvocationConfiguration;
            var output = configuration.Output;
            using var buffer = new StringWriter();
            configuration.Output = buffer;
            try
            {
                inner.Invoke(parseResult);
            }
            finally
            {
                configuration.Output = output;
            }

            output.Write(Rename(buffer.ToString(), executable));
            return 0;
        }
    }
}
