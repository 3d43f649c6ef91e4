using System.Diagnostics;
using System.Runtime;

namespace EgressDsl.Benchmarks;

/// <summary>
/// Runs a mode under the collector the compiler server runs with. VBCSCompiler and csc are configured for server GC
/// (their runtimeconfig.json sets <c>System.GC.Server</c>; dotnet/roslyn#22876), whose gen0 budget is many times the
/// workstation collector's. Measured under the workstation collector, a build in a warm server collects several times as
/// often, and at 5,000 services the extra gen1 collections of a heap holding the whole compilation were most of what
/// grew faster than the project. The collector is chosen when a process starts, so the mode runs again in a child process.
/// </summary>
internal static class CompilerServerGc
{
    /// <summary>Whether this process already runs under the compiler server's collector.</summary>
    public static bool IsActive => GCSettings.IsServerGC;

    /// <summary>The name of the collector this process runs under, for the reports.</summary>
    public static string Name => GCSettings.IsServerGC ? "server GC, as the compiler server" : "workstation GC";

    /// <summary>Runs this program again with <paramref name="args"/> under server GC; its output is this one's. Returns its exit code.</summary>
    public static int RunChild(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo { UseShellExecute = false };
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable is unknown.");
        start.FileName = processPath;
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            // Started as `dotnet EgressDsl.Benchmarks.dll`: the child needs the assembly too.
            start.ArgumentList.Add(typeof(CompilerServerGc).Assembly.Location);
        }

        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "1";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The benchmark could not start itself again.");
        child.WaitForExit();
        return child.ExitCode;
    }
}
