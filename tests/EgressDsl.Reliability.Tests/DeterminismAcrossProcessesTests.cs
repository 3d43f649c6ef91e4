using System.Diagnostics;
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
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("generate");
        start.ArgumentList.Add(culture);
        // A different GC and JIT mode: nothing about the process may leak into the output.
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_TieredCompilation"] = "0";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the generator process did not finish");
        Assert.True(process.ExitCode == 0, error.Result);
        return text;
    }
}
