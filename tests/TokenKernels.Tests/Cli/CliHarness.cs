using System.Text.Json.Nodes;

namespace TokenKernels.Tests.Cli;

/// <summary>Runs the CLI in-process, capturing stdout and stderr.</summary>
public static class CliHarness
{
    public static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static JsonObject Json(params string[] args)
    {
        var (code, output, error) = Run([.. args, "--json"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"exit {code}: {error}");
        }

        return JsonNode.Parse(output)!.AsObject();
    }
}
