using Xunit;

namespace EgressDsl.Cli.Tests;

public sealed class ManifestsCommandTests
{
    [Fact]
    public void Prints_istio_yaml_as_the_build_writes_it()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var run = CliRun.Of("manifests", sample.AssemblyPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("kind: ServiceEntry", run.Output);
        Assert.Contains("name: se-nginx-ext", run.Output);
        Assert.Contains("kind: Gateway", run.Output);
        // Every object once, separated as the build's istio.yaml is.
        var listed = CliRun.Of("manifests", sample.AssemblyPath, "--list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(listed.Count(path => path.StartsWith("istio/", StringComparison.Ordinal)), run.Output.Split("---\n").Length);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Prints_one_file_and_lists_the_paths()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var list = CliRun.Of("manifests", sample.AssemblyPath, "-l");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("envoy/sidecar.json", list.Output.Split('\n'));

        var sidecar = CliRun.Of("manifests", sample.AssemblyPath, "--file", "envoy/sidecar.json");
        Assert.Equal(0, sidecar.ExitCode);
        Assert.StartsWith("[", sidecar.Output.TrimStart());

        var missing = CliRun.Of("manifests", sample.AssemblyPath, "--file", "nope.yaml");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no manifest file 'nope.yaml'", missing.Error);
    }

    [Fact]
    public void Writes_the_files_and_keeps_them_in_step_on_the_next_run()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var output = Path.Combine(sample.Folder, "egress");

        var first = CliRun.Of("manifests", sample.AssemblyPath, "-o", output);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(string.Empty, first.Output);
        Assert.Contains("written", first.Error);
        var printed = CliRun.Of("manifests", sample.AssemblyPath).Output;
        Assert.Equal(printed, File.ReadAllText(Path.Combine(output, "istio.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "envoy", "sidecar.json")));

        var second = CliRun.Of("manifests", sample.AssemblyPath, "-o", output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 written", second.Error);
    }

    [Fact]
    public void Refuses_a_folder_holding_files_it_did_not_write()
    {
        using var sample = BuiltSample.Sample("NginxEgress.cs");
        var output = Path.Combine(sample.Folder, "someone-elses");
        Directory.CreateDirectory(output);
        var foreign = Path.Combine(output, "istio.yaml");
        File.WriteAllText(foreign, "mine\n");

        var run = CliRun.Of("manifests", sample.AssemblyPath, "-o", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("EGRESS117", run.Error);
        Assert.Equal("mine\n", File.ReadAllText(foreign));
    }

    [Fact]
    public void A_missing_or_foreign_assembly_is_an_input_error()
    {
        using var sample = BuiltSample.Build("public class Plain { }");
        var plain = CliRun.Of("manifests", sample.AssemblyPath);
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("declares no EgressDsl manifests", plain.Error);

        var missing = CliRun.Of("manifests", Path.Combine(sample.Folder, "missing.dll"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("EGRESS110", missing.Error);

        var text = Path.Combine(sample.Folder, "text.dll");
        File.WriteAllText(text, "not an assembly");
        var unreadable = CliRun.Of("manifests", text);
        Assert.Equal(2, unreadable.ExitCode);
        Assert.Contains("EGRESS111", unreadable.Error);
    }

    [Fact]
    public void Usage_errors_exit_with_2()
    {
        var run = CliRun.Of("manifests");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--help", run.Error);
        Assert.Equal(2, CliRun.Of("no-such-command").ExitCode);
    }
}
