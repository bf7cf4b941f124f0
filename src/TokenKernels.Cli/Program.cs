using System.CommandLine;
using TokenKernels.Cli;
using TokenKernels.Cli.Commands;

return CliRunner.RunProcess(Program.BuildRootCommand(), args);

/// <summary>The <c>tokenkernels</c> command: one file per command under Commands/, each exposing <c>Create()</c>.</summary>
public partial class Program
{
    /// <summary>Every command the tool offers. Add new commands here.</summary>
    public static RootCommand BuildRootCommand() => new("What a token costs and at what speed: an LLM serving cost model.")
    {
        CatalogCommand.Create(),
        EvaluateCommand.Create(),
        SweepCommand.Create(),
        FrontierCommand.Create(),
        CheapestCommand.Create(),
        ValidateCommand.Create(),
        CalibrateCommand.Create(),
        OffersCommand.Create(),
        FleetCommand.Create(),
        CompareCommand.Create(),
        TaskCommand.Create(),
    };

    /// <summary>Parses and runs; bad arguments print one line on <paramref name="error"/> and return 2; a cancelled token returns 130.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        CliRunner.Run(BuildRootCommand(), args, output, error, cancellationToken);
}
