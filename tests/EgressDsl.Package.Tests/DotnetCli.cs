using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using EgressDsl.Testing.Processes;

namespace EgressDsl.Package.Tests;

/// <summary>What one <c>dotnet</c> command printed, and how it ended.</summary>
public sealed partial record CommandResult(string CommandLine, int ExitCode, string Output, string LogFile)
{
    /// <summary>An MSBuild or compiler diagnostic ("error CS0103:", "warning NU1603:", "error : ..."), not a command line.</summary>
    private static readonly Regex DiagnosticLine = DiagnosticPattern();

    public bool Succeeded => ExitCode == 0;

    /// <summary>
    /// A readable excerpt for assertion messages: every error and warning line, every EgressDsl line, and the last lines.
    /// The compiler's command line alone runs to tens of thousands of characters at normal verbosity, so long lines are cut.
    /// </summary>
    public string Summary
    {
        get
        {
            string[] lines = Output.Split('\n');
            IEnumerable<string> interesting = lines
                .Where(line => DiagnosticLine.IsMatch(line) || line.Contains("EgressDsl:", StringComparison.Ordinal))
                .Concat(new[] { "..." })
                .Concat(lines.TakeLast(25));
            var builder = new StringBuilder();
            builder.Append("> ").Append(CommandLine).Append(" (exit code ").Append(ExitCode).Append("; full log: ").Append(LogFile).AppendLine(")");
            foreach (string line in interesting.Distinct())
            {
                builder.AppendLine(line.Length > 600 ? line[..600] + " [...]" : line.TrimEnd('\r'));
            }

            return builder.ToString();
        }
    }

    [GeneratedRegex(@"\b(error|warning) ([A-Z]+[0-9]+)?:|Build FAILED", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticPattern();
}

/// <summary>Runs the real <c>dotnet</c> CLI the way a user would, and keeps each command's full output in a log file.</summary>
public sealed class DotnetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);
    private readonly string _logDirectory;
    private int _counter;

    public DotnetCli(string logDirectory)
    {
        _logDirectory = logDirectory;
        Directory.CreateDirectory(logDirectory);
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>. Build commands compile in the
    /// run's <see cref="CompilerServer"/> and keep no MSBuild node: nothing but that server, which the fixture shuts down,
    /// outlives the command.
    /// </summary>
    public CommandResult Run(string workingDirectory, params string[] arguments) =>
        Start(BuildServers.SharedCompiler, workingDirectory, arguments).WaitForExit();

    /// <summary>
    /// Starts <c>dotnet</c> as <see cref="Run"/> does, with the build servers <paramref name="servers"/> names, and returns at
    /// once, for tests that run several commands at the same time or stop one half-way.
    /// </summary>
    public RunningCommand Start(BuildServers servers, string workingDirectory, params string[] arguments)
    {
        IEnumerable<string> serverSwitches = servers == BuildServers.None
            ? new[] { "--disable-build-servers" }
            : CompilerServer.Shared.BuildSwitches;
        IEnumerable<string> buildSwitches = arguments.Length > 0 && arguments[0] is "build" or "clean" or "pack" or "publish" or "restore"
            ? new[] { "-nologo", "-tl:off" }.Concat(serverSwitches)
            : Array.Empty<string>();
        // As a user runs it: without the MSBuild and VSTest variables `dotnet test` gives its test host.
        ProcessStartInfo start = ProcessRunner.StartInfo(ProcessRunner.Dotnet, workingDirectory, arguments.Concat(buildSwitches));
        return new RunningCommand(this, start, workingDirectory, arguments);
    }

    /// <summary>Keeps a finished command's full output in the log folder; returns the log file's path.</summary>
    internal string WriteLog(string workingDirectory, string[] arguments, string commandLine, string text)
    {
        int number = Interlocked.Increment(ref _counter);
        string logFile = Path.Combine(_logDirectory, $"{number:D2}-{string.Join("-", arguments.Take(2).Select(Path.GetFileName))}.log");
        File.WriteAllText(logFile, $"> {commandLine}\n(in {workingDirectory})\n\n{text}");
        return logFile;
    }

    internal static TimeSpan CommandTimeout => Timeout;
}

/// <summary>A <c>dotnet</c> command that is running: its output so far, a way to kill it with its children, and its end.</summary>
public sealed class RunningCommand
{
    private readonly DotnetCli _cli;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workingDirectory;
    private readonly string[] _arguments;
    private CommandResult? _result;

    internal RunningCommand(DotnetCli cli, ProcessStartInfo start, string workingDirectory, string[] arguments)
    {
        _cli = cli;
        _workingDirectory = workingDirectory;
        _arguments = arguments;
        CommandLine = "dotnet " + string.Join(" ", start.ArgumentList);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.Append(e.Data).Append('\n'); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.Append(e.Data).Append('\n'); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string CommandLine { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the command printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Kills the command and every process it started (MSBuild nodes, the compiler), as a closed terminal or a CI timeout would.</summary>
    public void KillProcessTree()
    {
        // The command is stopped first, at once: gathering its process tree reads every process of the machine, which on a
        // loaded machine takes long enough for a build that still runs to finish what the kill was meant to interrupt.
        Stop(_process.Id);
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended by itself meanwhile.
        }
    }

    /// <summary>Sends SIGSTOP where there are signals; a stopped process is still killed by SIGKILL.</summary>
    private static void Stop(int processId)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = SendSignal(processId, OperatingSystem.IsLinux() ? 19 : 17);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);

    /// <summary>
    /// Waits until the command and every process that shares its output has ended (so nothing it started still writes), then
    /// keeps the output in a log file.
    /// </summary>
    public CommandResult WaitForExit()
    {
        if (_result is not null)
        {
            return _result;
        }

        if (!_process.WaitForExit((int)DotnetCli.CommandTimeout.TotalMilliseconds))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{CommandLine} did not finish within {DotnetCli.CommandTimeout.TotalMinutes} minutes:\n{Output}");
        }

        // Without a timeout this also waits for the end of both output streams, which every child process holds open.
        _process.WaitForExit();
        string text = Output;
        string logFile = _cli.WriteLog(_workingDirectory, _arguments, CommandLine, text);
        _result = new CommandResult(CommandLine, _process.ExitCode, text, logFile);
        _process.Dispose();
        return _result;
    }
}
