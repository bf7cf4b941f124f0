using System.Text.Json.Nodes;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>The README's fidelity commands work from a clone: the measurements and their schema are in data/.</summary>
public class DataInRepositoryTests
{
    [Fact]
    public async Task Validate_OnTheShippedMeasurements_WorksFromTheRepositoryRoot_AsTheReadmeSays()
    {
        const string Command = "validate --data data/measurements-public.csv";
        Assert.Contains(Command, File.ReadAllText(RepoPaths.File("README.md")), StringComparison.Ordinal);

        using var cli = RepoPaths.StartCli([.. Command.Split(' '), "--json"], RepoPaths.Root);
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();

        Assert.True(cli.ExitCode == 0, await stderr);
        var rows = JsonNode.Parse(await stdout)!["rows"]!.AsArray();
        int dataRows = MeasurementRows(RepoPaths.File("data", "measurements-public.csv"));
        Assert.Equal(dataRows, rows.Count);
        Assert.All(rows, r => Assert.Null(r!["error"]));
    }

    [Fact]
    public void TheSchemaDocument_NamedInHelpAndErrors_DescribesEveryColumn()
    {
        string schema = File.ReadAllText(RepoPaths.File("data", "README.md"));
        string header = File.ReadLines(RepoPaths.File("data", "measurements-public.csv")).First();
        Assert.All(header.Split(','), column => Assert.Contains($"`{column}`", schema, StringComparison.Ordinal));
    }

    // Rows of an RFC 4180 file: records, not lines (quoted cells may hold line breaks).
    private static int MeasurementRows(string path)
    {
        int records = 0;
        bool quoted = false;
        foreach (char c in File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n")
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n' && !quoted)
            {
                records++;
            }
        }

        return records - 1;
    }
}
