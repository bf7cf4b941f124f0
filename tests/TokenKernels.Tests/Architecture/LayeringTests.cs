using System.Text.RegularExpressions;
using Xunit;

namespace TokenKernels.Tests.Architecture;

/// <summary>
/// The folders of src/TokenKernels depend one way: Specs -> Catalog/Packing -> Physics -> Results/Workloads ->
/// Engine/Kernels, with Calibration, the second-stage folders (Traffic, Market) and the root API (TokenCost, Layouts,
/// Economics) on top; the CLI uses the public API only (PublicSurfaceTests). Workloads (length mixes, arrivals) sits
/// beside Results: sweep grids take a length mix. A file may use a type declared in its own layer or a lower one. The
/// check reads the sources (types of Specs and Results share the root namespace, so namespaces cannot tell the folders
/// apart): every type a folder declares, then every identifier a file uses outside comments and strings. Any edge
/// against the direction fails; there are no exceptions (the last ones went in 2026-12-03: <c>ModelSpec</c>'s derived
/// figures are extension members beside the packer, <c>EfficiencyProfileDefaults</c>, and the profile's JSON reader
/// and the shipped profile sit in Catalog).
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly Dictionary<string, int> Layer = new()
    {
        ["Specs"] = 0,
        ["Catalog"] = 1,
        ["Packing"] = 1,
        ["Physics"] = 2,
        ["Results"] = 3,
        ["Engine"] = 4,
        ["Kernels"] = 4,
        ["Calibration"] = 5,
        ["Workloads"] = 3,
        ["Traffic"] = 5,
        ["Market"] = 5,
        ["(root)"] = 6,
    };

    [Fact]
    public void NoFolder_UsesAHigherLayer()
    {
        var against = Edges().Where(e => Layer[e.To] > Layer[e.From]).Select(e => $"{e.From} -> {e.To}: {e.Type}").Distinct().Order().ToList();
        Assert.True(against.Count == 0, "imports against the layering:\n" + string.Join("\n", against));
    }

    /// <summary>The check can fail: a Physics file that named a Results type would be caught.</summary>
    [Fact]
    public void Scanner_SeesATypeUse()
    {
        var declared = new Dictionary<string, string> { ["ServingPoint"] = "Results" };
        var used = UsedTypes("/// <summary>ServingPoint in a comment</summary>\nvar s = \"ServingPoint\"; var p = ServingPoint.From(r);", declared);
        Assert.Equal(["ServingPoint"], used);
    }

    private static List<(string From, string To, string Type)> Edges()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "TokenKernels");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Folder: FolderOf(root, f), Text: File.ReadAllText(f)))
            .ToList();
        var declared = new Dictionary<string, string>();
        foreach (var (folder, text) in files)
        {
            foreach (Match m in Declaration().Matches(Strip(text)))
            {
                declared.TryAdd(m.Groups[1].Value, folder);
            }
        }

        var edges = new List<(string, string, string)>();
        foreach (var (folder, text) in files)
        {
            Assert.True(Layer.ContainsKey(folder), $"folder {folder} has no layer: add it to LayeringTests.Layer");
            foreach (string type in UsedTypes(text, declared))
            {
                string to = declared[type];
                if (to != folder)
                {
                    edges.Add((folder, to, type));
                }
            }
        }

        return edges;
    }

    private static List<string> UsedTypes(string text, Dictionary<string, string> declared) =>
        Identifier().Matches(Strip(text)).Select(m => m.Value).Where(declared.ContainsKey).Distinct().ToList();

    private static string Strip(string text) => StringOrComment().Replace(text, " ");

    private static string FolderOf(string root, string file)
    {
        string relative = Path.GetRelativePath(root, file);
        int slash = relative.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return slash < 0 ? "(root)" : relative[..slash];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TokenKernels.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TokenKernels.sln not found above the test binaries");
    }

    [GeneratedRegex(@"\b(?:class|struct|record|enum|interface)\s+(?:struct\s+|class\s+)?([A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|\$?""(?:[^""\\\n]|\\.)*""", RegexOptions.Singleline)]
    private static partial Regex StringOrComment();
}
