using Xunit;

namespace EgressDsl.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public void Follows_the_request_through_the_sidecar_and_the_gateway_to_the_subset()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");

        var run = CliRun.Of("simulate", sample.AssemblyPath, "--authority", "nginx.external.svc.cluster.local", "--port", "80", "--header", "want=v2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("hop 1: the sidecar:", run.Output);
        Assert.Contains("hop 2: gateway eg-nginx-ext:", run.Output);
        Assert.Contains("outbound|443|v2|nginx.external.svc.cluster.local", run.Output);
        Assert.Contains("23.96.117.176", run.Output);
        Assert.Contains("MUTUAL", run.Output);
        Assert.Contains("In short: at the sidecar it matched route", run.Output);
        Assert.DoesNotContain("outbound|443|v1|", run.Output);
    }

    [Fact]
    public void A_request_no_route_matches_is_a_finding_explained_as_expect_route_explains_it()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");

        var run = CliRun.Of("simulate", sample.AssemblyPath, "-a", "nginx.external.svc.cluster.local:80");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no route matched (404 NR", run.Output);
    }

    [Fact]
    public void Conflicting_or_malformed_options_are_usage_errors()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        Assert.Equal(2, CliRun.Of("simulate", sample.AssemblyPath).ExitCode);
        Assert.Equal(2, CliRun.Of("simulate", sample.AssemblyPath, "-a", "x", "--tcp", "--sni", "x").ExitCode);
        var header = CliRun.Of("simulate", sample.AssemblyPath, "-a", "x", "-H", "novalue");
        Assert.Equal(2, header.ExitCode);
        Assert.Contains("not name=value", header.Error);
    }
}
