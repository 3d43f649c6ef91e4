using EgressDsl.Testing.Processes;

namespace EgressDsl.Package.Tests;

/// <summary>Which build servers a consumer's builds use.</summary>
public enum BuildServers
{
    /// <summary>
    /// The run's <see cref="CompilerServer"/>, and no MSBuild node reuse: csc, with the packed generator, is started and
    /// JIT-compiled once per run instead of once per build, which was most of a consumer build's CPU time.
    /// </summary>
    SharedCompiler,

    /// <summary>
    /// None (<c>--disable-build-servers</c>): every build starts its own MSBuild and csc and nothing outlives it, for the tests
    /// about build processes themselves, whose kill must take the compiler with it and whose concurrent builds must not
    /// meet in one server.
    /// </summary>
    None,
}

/// <summary>
/// The compiler server (VBCSCompiler) that the consumer builds of one test process share, under a pipe name of its own, so it
/// never serves, nor is shut down by, the developer's builds or another test run. The analyzers it loads come from this
/// run's package version, installed under a path no other source version shares, so it cannot serve a stale generator.
/// </summary>
/// <remarks>
/// <c>--disable-build-servers</c> turns the server off, and so does MSBuild's <c>-nodeReuse:false</c> unless
/// <c>UseSharedCompilation</c> is set again, so <see cref="BuildSwitches"/> names both. The server is started by the first
/// build that compiles and outlives it; <see cref="Shutdown"/> ends it when the last package fixture is disposed. Should the
/// test process die first, the server ends by itself after its idle timeout (10 minutes).
/// </remarks>
public sealed class CompilerServer
{
    private static readonly Lazy<CompilerServer> SharedServer =
        new(() => new CompilerServer(), LazyThreadSafetyMode.ExecutionAndPublication);

    private CompilerServer()
    {
        PipeName = "egressdsl-package-tests-" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>This process's server (started by the first build that compiles).</summary>
    public static CompilerServer Shared => SharedServer.Value;

    /// <summary>Shuts <see cref="Shared"/> down (<see cref="Shutdown"/>) if any build of this process was given its switches.</summary>
    public static void ShutdownShared(string workingDirectory)
    {
        if (SharedServer.IsValueCreated)
        {
            SharedServer.Value.Shutdown(workingDirectory);
        }
    }

    /// <summary>The server's pipe: MSBuild's SharedCompilationId.</summary>
    public string PipeName { get; }

    /// <summary>The switches that send a build's compilations to this server, and keep no MSBuild node after the build.</summary>
    public IReadOnlyList<string> BuildSwitches =>
        new[] { "-nodeReuse:false", "-p:UseSharedCompilation=true", "-p:SharedCompilationId=" + PipeName };

    /// <summary>
    /// Asks the server to end and waits until it has (a no-op when no build started it). The server is the SDK's own
    /// VBCSCompiler, found from the SDK that <c>dotnet</c> selects in <paramref name="workingDirectory"/>, where the builds ran.
    /// </summary>
    public void Shutdown(string workingDirectory)
    {
        string server = ServerAssembly(workingDirectory);
        ProcessResult result = ProcessRunner.Run(
            ProcessRunner.StartInfo(ProcessRunner.Dotnet, workingDirectory, new[] { "exec", server, "-shutdown", "-pipename:" + PipeName }),
            TimeSpan.FromMinutes(2));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The compiler server {PipeName} did not shut down:\n{result.Output}");
        }
    }

    /// <summary>The SDK's Roslyn/bincore/VBCSCompiler.dll, from <c>dotnet --version</c> and <c>dotnet --list-sdks</c>.</summary>
    private static string ServerAssembly(string workingDirectory)
    {
        string version = ProcessRunner.Run(ProcessRunner.Dotnet, workingDirectory, "--version").StandardOutput.Trim();
        // Each line reads "10.0.401 [/usr/share/dotnet/sdk]".
        string? sdks = ProcessRunner.Run(ProcessRunner.Dotnet, workingDirectory, "--list-sdks").StandardOutput
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(version + " [", StringComparison.Ordinal) && line.EndsWith(']'))
            .Select(line => line[(version.Length + 2)..^1])
            .FirstOrDefault();
        string path = Path.Combine(sdks ?? string.Empty, version, "Roslyn", "bincore", "VBCSCompiler.dll");
        if (sdks is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"The compiler server of SDK {version} is not at {path}.");
        }

        return path;
    }
}
