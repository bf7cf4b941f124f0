using System.Diagnostics;

namespace TokenKernels.Tests.Support;

/// <summary>Paths in the repository the tests run from, and the built CLI as a separate process.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding TokenKernels.sln (found upwards from the test assembly).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A file under the repository root.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>
    /// Starts the built CLI (TokenKernels.Cli.dll beside the test assembly, as the test project references it) as its own
    /// process, as a user runs it: stdout and stderr redirected.
    /// </summary>
    public static Process StartCli(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TokenKernels.Cli.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "TokenKernels.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TokenKernels.sln not found above " + AppContext.BaseDirectory);
    }
}
