using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Reliability.Tests;

public class DeterminismAcrossProcessesTests
{
    [Fact]
    public void Separate_processes_in_different_cultures_generate_byte_identical_sources()
    {
        var inProcess = Program.Fingerprint();
        Assert.NotEmpty(inProcess);
        foreach (var culture in new[] { "tr-TR", "fi-FI" })
        {
            Assert.Equal(inProcess, RunSeparately(culture));
        }
    }

    private static string RunSeparately(string culture)
    {
        var assembly = typeof(Program).Assembly.Location;
        var start = ProcessRunner.StartInfo("dotnet", string.Empty, new[] { "exec", assembly, "generate", culture }, asUser: false);
        // A different GC and JIT mode: nothing about the process may leak into the output.
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_TieredCompilation"] = "0";
        // A guard against a hung process, not a time limit: a loaded machine runs the unoptimised JIT slowly.
        var result = ProcessRunner.Run(start, TimeSpan.FromMinutes(10));
        Assert.True(result.Succeeded, result.StandardError);
        return result.StandardOutput;
    }
}
