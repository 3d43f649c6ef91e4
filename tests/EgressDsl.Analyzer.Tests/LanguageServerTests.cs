using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// The analyzer in a real language server, the way an editor sees it: csharp-ls is installed from NuGet, started over
/// stdio on a copy of the seed sample with one broken line, and must push the diagnostic for that line with
/// <c>textDocument/publishDiagnostics</c>. Shares the real-client collection, so it never competes with the
/// <c>dotnet build</c> tests for the CPU.
/// </summary>
[Collection(nameof(RealClientTests))]
public class LanguageServerTests
{
    /// <summary>The only version the registry here offers; the first with analyzer support is 0.24.0.</summary>
    private const string CsharpLsVersion = "0.28.0";

    private const string FixedLine = """[ServicePort(443, "http-tls", PortProtocol.Http)]""";
    private const string BrokenLine = """[ServicePort(0, "http-tls", PortProtocol.Http)]""";

    /// <summary>
    /// A guard against a hung server, not a time limit: at a load average of 40 to 80, csharp-ls took over three minutes from
    /// opening the file to its first diagnostics while the in-process tests ran beside it.
    /// </summary>
    private static readonly TimeSpan DiagnosticTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait for a push before also asking, when the server offers pull diagnostics.</summary>
    private static readonly TimeSpan PushOnlyPeriod = TimeSpan.FromSeconds(60);

    /// <summary>
    /// csharp-ls runs Roslyn analyzers (ours included) only when <c>csharp.analyzersEnabled</c> is true; it is false by
    /// default, and then only compiler diagnostics arrive. csharp-ls 0.28.0 reads its settings from the client's answer
    /// to <c>workspace/configuration</c> (section <c>csharp</c>, asked for after <c>initialized</c> when the client
    /// declares <c>workspace.configuration</c>) and from <c>workspace/didChangeConfiguration</c>; it ignores
    /// <c>initializationOptions</c>. The test does all three, like an editor that has the setting in its config.
    /// </summary>
    private static readonly JsonObject Settings = new() { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };

    private readonly ITestOutputHelper _output;
    private readonly RealClientTests.ClientProject _project;

    public LanguageServerTests(ITestOutputHelper output, RealClientTests.ClientProject project)
    {
        _output = output;
        _project = project;
    }

    [Fact]
    public void Csharp_ls_publishes_EGRESS003_at_the_broken_argument_of_an_open_sample_and_clears_it_when_the_line_is_fixed()
    {
        var clock = Stopwatch.StartNew();
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "NginxEgress.cs.txt"));
        Assert.Contains(FixedLine, sample);
        var source = sample.Replace(FixedLine, BrokenLine);

        // The offending argument: the `0` of the broken line, zero-based line and UTF-16 character as LSP counts them.
        var lines = source.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(BrokenLine, StringComparison.Ordinal));
        var character = lines[line].IndexOf(BrokenLine, StringComparison.Ordinal) + "[ServicePort(".Length;
        var expected = new Range(line, character, line, character + 1);

        var work = Directory.CreateTempSubdirectory("egressdsl-csharp-ls-").FullName;
        try
        {
            var server = InstallCsharpLs(work);
            _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] csharp-ls {CsharpLsVersion} installed in {Path.GetDirectoryName(server)}");

            // A project that references the analyzer the way a consumer does, restored, which csharp-ls needs.
            var directory = _project.Use(source, editorconfig: null);
            var file = Path.Combine(directory, "Egress.cs");
            var uri = new Uri(file).AbsoluteUri;
            _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] sample written to {directory}");

            using var session = new Session(server, directory);
            session.Initialize();
            _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] initialized; server offers pull diagnostics: {session.PullAvailable}");

            session.Client.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = source },
            });

            var broken = session.WaitForDiagnostics(uri, diagnostics => diagnostics.Any(d => IsEgress003At(d, expected)), DiagnosticTimeout);
            Assert.True(broken.Found, $"csharp-ls did not report EGRESS003 at {expected} of {uri} within {DiagnosticTimeout.TotalSeconds} seconds. "
                + $"Last diagnostics for the file: {broken.Last ?? "none"}\n{session.Client.Transcript}");
            var diagnostic = broken.Diagnostics.Single(d => IsEgress003At(d, expected));
            Assert.Equal(1, diagnostic.GetProperty("severity").GetInt32()); // Error
            Assert.Contains("Port 0 is out of range", diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
            _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] EGRESS003 received through {broken.Channel}: {diagnostic.GetRawText()}");

            // The user fixes the argument; the diagnostic goes away, as it would under the cursor.
            session.Client.Notify("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = 2 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = expected.ToJson(), ["text"] = "443" }),
            });
            var fixedResult = session.WaitForDiagnostics(uri, diagnostics => !diagnostics.Any(d => Code(d) == "EGRESS003"), DiagnosticTimeout);
            Assert.True(fixedResult.Found, $"csharp-ls still reports EGRESS003 after the port was fixed. Last diagnostics: {fixedResult.Last}\n{session.Client.Transcript}");
            _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] EGRESS003 cleared through {fixedResult.Channel} after the fix");

            var exitCode = session.Shutdown();
            _output.WriteLine($"[{clock.Elapsed.TotalSeconds:F1}s] csharp-ls shut down, exit code {exitCode?.ToString() ?? "none (killed)"}");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is cleaned up by the machine anyway.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Installs csharp-ls into a tool path of its own, so the machine's global tools are left alone.</summary>
    private static string InstallCsharpLs(string work)
    {
        var toolPath = Path.Combine(work, "tools");
        var install = RealClientTests.Dotnet(work, "tool", "install", "csharp-ls", "--version", CsharpLsVersion, "--tool-path", toolPath);
        Assert.True(install.ExitCode == 0, "dotnet tool install csharp-ls failed:\n" + install.Output);
        var server = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
        Assert.True(File.Exists(server), "dotnet tool install did not create " + server + ":\n" + install.Output);
        return server;
    }

    private static string? Code(JsonElement diagnostic) =>
        diagnostic.TryGetProperty("code", out var code) ? code.ValueKind == JsonValueKind.String ? code.GetString() : code.GetRawText() : null;

    private static bool IsEgress003At(JsonElement diagnostic, Range expected) =>
        Code(diagnostic) == "EGRESS003" && Range.From(diagnostic.GetProperty("range")) == expected;

    private readonly record struct Range(int StartLine, int StartCharacter, int EndLine, int EndCharacter)
    {
        public static Range From(JsonElement range) => new(
            range.GetProperty("start").GetProperty("line").GetInt32(), range.GetProperty("start").GetProperty("character").GetInt32(),
            range.GetProperty("end").GetProperty("line").GetInt32(), range.GetProperty("end").GetProperty("character").GetInt32());

        public JsonObject ToJson() => new()
        {
            ["start"] = new JsonObject { ["line"] = StartLine, ["character"] = StartCharacter },
            ["end"] = new JsonObject { ["line"] = EndLine, ["character"] = EndCharacter },
        };

        public override string ToString() => $"{StartLine}:{StartCharacter}-{EndLine}:{EndCharacter} (zero-based)";
    }

    private sealed record DiagnosticsResult(bool Found, string Channel, IReadOnlyList<JsonElement> Diagnostics, string? Last);

    /// <summary>One csharp-ls process and the editor side of the conversation.</summary>
    private sealed class Session : IDisposable
    {
        private readonly string _rootUri;
        private readonly string _rootName;
        private volatile bool _pullRegistered;
        private bool _pullAdvertised;

        public Session(string server, string root)
        {
            _rootUri = new Uri(root).AbsoluteUri.TrimEnd('/');
            _rootName = Path.GetFileName(root);
            var start = new ProcessStartInfo(server) { WorkingDirectory = root };
            start.ArgumentList.Add("--loglevel");
            start.ArgumentList.Add("info");
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            // The tool's launcher needs to find the runtime; on a machine with dotnet outside the default places, point
            // it at the one running this test (.../shared/Microsoft.NETCore.App/<version>/ is three levels below).
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")))
            {
                var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
                if (runtime.Parent?.Parent?.Parent is { } dotnetRoot && File.Exists(Path.Combine(dotnetRoot.FullName, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")))
                {
                    start.Environment["DOTNET_ROOT"] = dotnetRoot.FullName;
                }
            }

            Client = LspClient.Start(start, Answer);
        }

        public LspClient Client { get; }

        public bool PullAvailable => _pullAdvertised || _pullRegistered;

        public void Initialize()
        {
            var initialize = Client.Request("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["clientInfo"] = new JsonObject { ["name"] = "EgressDsl.Analyzer.Tests", ["version"] = "1.0" },
                ["locale"] = "en-US",
                ["rootPath"] = new Uri(_rootUri).LocalPath,
                ["rootUri"] = _rootUri,
                ["workspaceFolders"] = WorkspaceFolders(),
                // Ignored by csharp-ls 0.28.0 (its initial config shows analyzersEnabled = None), kept for servers that read it.
                ["initializationOptions"] = Settings.DeepClone(),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject
                    {
                        ["configuration"] = true,
                        ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = false },
                        ["workspaceFolders"] = true,
                    },
                    // Push only: a client that declares textDocument.diagnostic gets pull diagnostics from csharp-ls instead
                    // of publishDiagnostics, and the issue asks for publishDiagnostics.
                    ["textDocument"] = new JsonObject
                    {
                        ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false, ["didSave"] = true },
                        ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["codeDescriptionSupport"] = true },
                    },
                    ["window"] = new JsonObject { ["workDoneProgress"] = true },
                },
            });
            var result = Await(initialize, TimeSpan.FromMinutes(1), "initialize");
            _pullAdvertised = result.TryGetProperty("capabilities", out var capabilities)
                && capabilities.TryGetProperty("diagnosticProvider", out var provider) && provider.ValueKind != JsonValueKind.Null;

            Client.Notify("initialized", new JsonObject());
            Client.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = Settings.DeepClone() });
        }

        /// <summary>
        /// Waits for diagnostics of <paramref name="uri"/> that satisfy <paramref name="accept"/>: pushed ones first; if
        /// none did after <see cref="PushOnlyPeriod"/> and the server offers pull diagnostics, also asks every 5 seconds.
        /// </summary>
        public DiagnosticsResult WaitForDiagnostics(string uri, Func<IReadOnlyList<JsonElement>, bool> accept, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            var nextPull = PushOnlyPeriod;
            string? last = null;
            while (clock.Elapsed < timeout)
            {
                if (Client.TryTakeNotification(TimeSpan.FromMilliseconds(250), out var notification))
                {
                    if (notification.GetProperty("method").GetString() == "textDocument/publishDiagnostics"
                        && SameDocument(notification.GetProperty("params").GetProperty("uri").GetString(), uri))
                    {
                        var pushed = notification.GetProperty("params").GetProperty("diagnostics").EnumerateArray().ToList();
                        last = notification.GetProperty("params").GetProperty("diagnostics").GetRawText();
                        if (accept(pushed))
                        {
                            return new DiagnosticsResult(true, "textDocument/publishDiagnostics", pushed, last);
                        }
                    }

                    continue;
                }

                if (Client.ServerClosedOutput)
                {
                    break;
                }

                if (PullAvailable && clock.Elapsed >= nextPull)
                {
                    nextPull = clock.Elapsed + TimeSpan.FromSeconds(5);
                    // csharp-ls answers once the project is loaded, which took over a minute on a loaded machine: the request
                    // may take what is left of the whole wait.
                    var left = timeout - clock.Elapsed;
                    var report = Await(Client.Request("textDocument/diagnostic", new JsonObject
                    {
                        ["textDocument"] = new JsonObject { ["uri"] = uri },
                    }), left > TimeSpan.Zero ? left : TimeSpan.Zero, "textDocument/diagnostic");
                    if (report.ValueKind == JsonValueKind.Object && report.TryGetProperty("items", out var items))
                    {
                        var pulled = items.EnumerateArray().ToList();
                        last = items.GetRawText();
                        if (accept(pulled))
                        {
                            return new DiagnosticsResult(true, "textDocument/diagnostic", pulled, last);
                        }
                    }
                }
            }

            return new DiagnosticsResult(false, "none", [], last);
        }

        /// <summary>shutdown, then exit; the exit code, or null when the server had to be killed.</summary>
        public int? Shutdown()
        {
            try
            {
                Await(Client.Request("shutdown", null), TimeSpan.FromSeconds(30), "shutdown");
                Client.Notify("exit", null);
                if (Client.Process.WaitForExit(30_000))
                {
                    return Client.Process.ExitCode;
                }
            }
            catch (Exception exception) when (exception is TimeoutException or IOException or InvalidOperationException)
            {
                // Dispose kills it.
            }

            Client.Dispose();
            return null;
        }

        public void Dispose() => Client.Dispose();

        private JsonArray WorkspaceFolders() => new(new JsonObject { ["uri"] = _rootUri, ["name"] = _rootName });

        /// <summary>What an editor answers to the requests csharp-ls sends it.</summary>
        private (bool Handled, JsonNode? Result) Answer(string method, JsonElement parameters)
        {
            switch (method)
            {
                case "workspace/configuration":
                    var answers = new JsonArray();
                    foreach (var item in parameters.GetProperty("items").EnumerateArray())
                    {
                        var section = item.TryGetProperty("section", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                        answers.Add(section is null ? Settings.DeepClone() : Settings[section]?.DeepClone());
                    }

                    return (true, answers);
                case "client/registerCapability":
                    foreach (var registration in parameters.GetProperty("registrations").EnumerateArray())
                    {
                        _pullRegistered |= registration.GetProperty("method").GetString() == "textDocument/diagnostic";
                    }

                    return (true, null);
                case "client/unregisterCapability":
                case "window/workDoneProgress/create":
                case "window/showMessageRequest":
                case "workspace/diagnostic/refresh":
                case "workspace/semanticTokens/refresh":
                case "workspace/inlayHint/refresh":
                case "workspace/codeLens/refresh":
                    return (true, null);
                case "workspace/workspaceFolders":
                    return (true, WorkspaceFolders());
                case "workspace/applyEdit":
                    return (true, new JsonObject { ["applied"] = false, ["failureReason"] = "The test client does not edit files." });
                default:
                    return (false, null);
            }
        }

        private static bool SameDocument(string? published, string expected) =>
            published is not null && Uri.TryCreate(published, UriKind.Absolute, out var a) && Uri.TryCreate(expected, UriKind.Absolute, out var b)
            && string.Equals(a.LocalPath, b.LocalPath, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        private JsonElement Await(Task<JsonElement> response, TimeSpan timeout, string method)
        {
            if (!response.Wait(timeout))
            {
                throw new TimeoutException($"csharp-ls did not answer {method} within {timeout.TotalSeconds} seconds.\n{Client.Transcript}");
            }

            return response.GetAwaiter().GetResult();
        }
    }
}
