using System.CommandLine;
using TokenKernels.Cli;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>Usage names the tool as users type it (<c>tokenkernels</c>), not the assembly or the host running it.</summary>
public class UsageNameTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        data.Add("");
        foreach (var command in Program.BuildRootCommand().Subcommands)
        {
            data.Add(command.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandsHelp_NamesTheTool(string command)
    {
        string[] args = command.Length == 0 ? ["--help"] : [command, "--help"];
        var (code, output, _) = CliHarness.Run(args);

        Assert.Equal(0, code);
        string usage = UsageLine(output);
        Assert.StartsWith(command.Length == 0 ? "tokenkernels" : $"tokenkernels {command}", usage, StringComparison.Ordinal);
        Assert.DoesNotContain("TokenKernels.Cli", output, StringComparison.Ordinal);
        Assert.DoesNotContain("testhost", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AsItsOwnProcess_UsageNamesTheTool()
    {
        // As `dotnet run` and `dotnet TokenKernels.Cli.dll` start it: System.CommandLine's own name would be TokenKernels.Cli.
        using var cli = RepoPaths.StartCli(["sweep", "--help"], RepoPaths.Root);
        string output = cli.StandardOutput.ReadToEnd();
        Assert.True(cli.WaitForExit(60_000));
        Assert.Equal(0, cli.ExitCode);
        Assert.StartsWith("tokenkernels sweep", UsageLine(output), StringComparison.Ordinal);
        Assert.DoesNotContain("TokenKernels.Cli", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rename_TouchesOnlyUsageLines()
    {
        const string help = "Description:\n  TokenKernels.Cli stays here\n\nUsage:\n  TokenKernels.Cli sweep [options]\n  TokenKernels.Cli\n\nOptions:\n  TokenKernels.Cli x\n";
        string renamed = ToolHelp.Rename(help, "TokenKernels.Cli");
        Assert.Equal("Description:\n  TokenKernels.Cli stays here\n\nUsage:\n  tokenkernels sweep [options]\n  tokenkernels\n\nOptions:\n  TokenKernels.Cli x\n", renamed);
    }

    [Fact]
    public void Apply_IsIdempotent()
    {
        var root = Program.BuildRootCommand();
        ToolHelp.Apply(root);
        var first = root.Options.Single(o => o.Name == "--help").Action;
        ToolHelp.Apply(root);
        Assert.Same(first, root.Options.Single(o => o.Name == "--help").Action);
    }

    private static string UsageLine(string help)
    {
        var lines = help.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int at = lines.FindIndex(l => l.StartsWith("Usage:", StringComparison.Ordinal));
        Assert.True(at >= 0, "no Usage section:\n" + help);
        return lines[at + 1].Trim();
    }
}
