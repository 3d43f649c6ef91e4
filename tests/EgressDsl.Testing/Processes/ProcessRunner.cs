using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace EgressDsl.Testing.Processes;

/// <summary>What a finished process printed, exactly as it printed it, and how it ended.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether the exit code is 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Standard output followed by standard error, for assertions and failure messages.</summary>
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// Runs a program as a user's shell would, for the tests that drive real tools (<c>dotnet</c>, envoy-check, kubectl, the
/// packed CLI). One place decides how children are started, so they all read their output without deadlocks, time out
/// the same way and are killed with their whole tree.
/// </summary>
public static class ProcessRunner
{
    /// <summary>The <c>dotnet</c> host that runs the tests, so a child uses the same SDK.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>
    /// Creates the start information: no shell, both streams redirected, the arguments passed one by one. With
    /// <paramref name="asUser"/>, the child does not inherit the MSBuild and VSTest variables <c>dotnet test</c> gives its test
    /// host (a build inside a test must find its own SDK, as a user's would), and the SDK's first-run noise is off.
    /// </summary>
    public static ProcessStartInfo StartInfo(string fileName, string workingDirectory, IEnumerable<string> arguments, bool asUser = true)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (asUser)
        {
            foreach (string name in start.Environment.Keys
                         .Where(name => name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                         .ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            start.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";
            start.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        }

        return start;
    }

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> as a user would.</summary>
    public static ProcessResult Run(string fileName, string workingDirectory, params string[] arguments) =>
        Run(StartInfo(fileName, workingDirectory, arguments), TimeSpan.FromMinutes(6));

    /// <summary>
    /// Runs a prepared process to its end and returns what it printed. Past <paramref name="timeout"/> the process and
    /// everything it started are killed and <see cref="TimeoutException"/> carries the output so far.
    /// </summary>
    public static ProcessResult Run(ProcessStartInfo start, TimeSpan timeout)
    {
        if (start.WorkingDirectory.Length > 0)
        {
            Directory.CreateDirectory(start.WorkingDirectory);
        }

        using Process process = Process.Start(start)!;
        // Both streams are drained at once: a child that fills one pipe while nobody reads it would never end.
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{start.FileName} {string.Join(" ", start.ArgumentList)} did not finish within {timeout.TotalMinutes} minutes:\n{output.Result}{error.Result}");
        }

        // Without a timeout this also waits for the end of both streams, which every child process holds open.
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }
}
