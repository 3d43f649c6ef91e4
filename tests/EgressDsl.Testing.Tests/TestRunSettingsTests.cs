using System;
using System.Diagnostics;
using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Testing.Tests;

/// <summary>
/// tests/tests.runsettings reaches the test hosts and the processes they start: without it the test loop costs a fifth
/// more CPU and the README's test command no longer fits in five minutes on the 2-core machine.
/// </summary>
public class TestRunSettingsTests
{
    private const string DynamicPgo = "DOTNET_TieredPGO";

    [Fact]
    public void The_test_host_runs_without_dynamic_pgo()
    {
        Assert.Equal("0", Environment.GetEnvironmentVariable(DynamicPgo));
    }

    [Fact]
    public void A_process_a_test_starts_as_a_user_inherits_it()
    {
        ProcessStartInfo start = ProcessRunner.StartInfo(ProcessRunner.Dotnet, Environment.CurrentDirectory, new[] { "--version" });

        Assert.Equal("0", start.Environment[DynamicPgo]);
    }
}
