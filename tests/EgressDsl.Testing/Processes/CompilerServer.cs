using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace EgressDsl.Testing.Processes;

/// <summary>
/// The compiler server (VBCSCompiler) that the consumer builds of one test process share (the package tests' and the
/// build task's end-to-end tests), under a pipe name of its own, so it
/// never serves, nor is shut down by, the developer's builds or another test run. It lives no longer than the run, whose
/// generator does not change while it runs (the package tests also install it under a path of the run's own), so it
/// cannot serve a stale generator.
/// </summary>
/// <remarks>
/// <c>--disable-build-servers</c> turns the server off, and so does MSBuild's <c>-nodeReuse:false</c> unless
/// <c>UseSharedCompilation</c> is set again, so <see cref="BuildSwitches"/> names both. The server is started by the first
/// build that compiles and outlives it; <see cref="Shutdown"/> ends it when the test project's last fixture that builds
/// is disposed. Should the test process die first, the server ends by itself after its idle timeout (10 minutes).
/// </remarks>
public sealed class CompilerServer
{
    private static readonly Lazy<CompilerServer> SharedServer =
        new(() => new CompilerServer(), LazyThreadSafetyMode.ExecutionAndPublication);

    private CompilerServer()
    {
        PipeName = "egressdsl-tests-" + Guid.NewGuid().ToString("N")[..12];
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
