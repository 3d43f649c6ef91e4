using EgressDsl.Testing.Processes;

namespace EgressDsl.TestHarness;

/// <summary>
/// Runs ../shared/tools/envoy-check (strict proto3 JSON, PGV rules and Envoy's load-time checks against Envoy's own API) the
/// way its README shows. Exit status 2 means the checker could not run: that fails the test, it is never a skip.
/// </summary>
internal static class EnvoyCheck
{
    private static readonly string Script = Environment.GetEnvironmentVariable("ENVOY_CHECK") ?? Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "tools", "envoy-check", "envoy-check");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("shared/tools/envoy-check/envoy-check not found above " + AppContext.BaseDirectory + "; set ENVOY_CHECK");
    }

    /// <summary>Runs envoy-check; returns its exit status and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = ProcessRunner.StartInfo("bash", string.Empty, new[] { Script }.Concat(arguments), asUser: false);
        var result = ProcessRunner.Run(start, TimeSpan.FromMinutes(10));
        return (result.ExitCode, result.Output);
    }

    /// <summary>
    /// Writes each document to a temporary folder under its own name and checks them all in one call (the checker starts once).
    /// Returns the exit status, the output, and each file's summary line by its name.
    /// </summary>
    public static (int ExitCode, string Output, IReadOnlyDictionary<string, string> Verdicts) CheckAll(IReadOnlyDictionary<string, string> documents)
    {
        var folder = Path.Combine(Path.GetTempPath(), "egressdsl-envoy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var files = new List<string>();
            foreach (var (name, content) in documents)
            {
                var file = Path.Combine(folder, name);
                File.WriteAllText(file, content);
                files.Add(file);
            }

            var (exitCode, output) = Run(new[] { "-q" }.Concat(files).ToArray());
            var verdicts = new Dictionary<string, string>();
            foreach (var line in output.Split('\n'))
            {
                foreach (var name in documents.Keys)
                {
                    var prefix = Path.Combine(folder, name) + ": ";
                    if (line.StartsWith(prefix, StringComparison.Ordinal) && (line.Contains(": OK as ") || line.Contains(": INVALID as ")))
                    {
                        verdicts[name] = line.Substring(prefix.Length);
                    }
                }
            }

            return (exitCode, output.Replace(folder + Path.DirectorySeparatorChar, string.Empty), verdicts);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
