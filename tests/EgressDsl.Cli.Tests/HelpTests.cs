using Xunit;

namespace EgressDsl.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public void The_root_help_lists_every_command_and_the_exit_codes()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "import <FILE|DIR|->", "manifests <ASSEMBLY>", "simulate <ASSEMBLY>", "diff <ASSEMBLY> <LIVE.yaml>" })
        {
            Assert.Contains(command, run.Output);
        }

        Assert.Contains("0 ok, 1 findings", run.Output);
    }

    [Theory]
    [InlineData("import", "--accept-loss", "--namespace", "--output")]
    [InlineData("manifests", "--output", "--file", "--list")]
    [InlineData("simulate", "--authority", "--port", "--header", "--sni", "--tcp")]
    [InlineData("diff", "--namespace", "--ignore-extra-objects")]
    public void Each_command_explains_its_options(string command, params string[] options)
    {
        var run = CliRun.Of(command, "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var option in options)
        {
            Assert.Contains(option, run.Output);
        }
    }

    [Fact]
    public void Import_help_names_the_gateway_api_kinds_it_reads()
    {
        var run = CliRun.Of("import", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Gateway API Gateway, HTTPRoute, TLSRoute, TCPRoute and ReferenceGrant", run.Output);
        Assert.DoesNotContain("not yet importable", run.Output);
    }
}
