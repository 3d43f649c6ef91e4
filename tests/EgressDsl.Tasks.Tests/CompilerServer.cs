using System;
using System.IO;
using System.Linq;
using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// One Roslyn compiler server (VBCSCompiler) for the end-to-end builds of a test process. Without it every build that
    /// compiles starts a cold csc: about 5 CPU-seconds for the consumer's three small files, against under one on a warm
    /// server. <c>--disable-build-servers</c> and <c>-nodeReuse:false</c> both switch UseSharedCompilation off, so the builds
    /// ask for the server by name (<see cref="BuildArguments"/>): a pipe of this process's own, which no build outside the
    /// run reaches, shut down when the last end-to-end collection ends. MSBuild's own nodes still end with each build: they
    /// would hold the tasks assembly.
    /// </summary>
    /// <remarks>
    /// A collection fixture, so a lease spans a whole collection and the server is not restarted between its tests; the
    /// two collections hold one lease each.
    /// </remarks>
    public sealed class CompilerServer : IDisposable
    {
        private static readonly object Gate = new object();

        /// <summary>Unique to the test process: a second run at the same time has its own server.</summary>
        private static readonly string PipeName = $"egressdsl-tasks-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];

        private static int _leases;

        public CompilerServer()
        {
            lock (Gate)
            {
                _leases++;
            }
        }

        /// <summary>
        /// The switches of a <c>dotnet build</c> or <c>publish</c> that compiles on the run's server and leaves no node behind.
        /// </summary>
        internal static string[] BuildArguments => new[]
        {
            "-nodeReuse:false",
            "-p:UseSharedCompilation=true",
            $"-p:SharedCompilationId={PipeName}",
        };

        /// <summary>Ends the server when no collection needs it any more; a server that was never started is no error.</summary>
        public void Dispose()
        {
            lock (Gate)
            {
                if (--_leases > 0)
                {
                    return;
                }

                string compilerServer = Path.Combine(SdkDirectory(), "Roslyn", "bincore", "VBCSCompiler.dll");
                string[] arguments = { "exec", compilerServer, "-shutdown", $"-pipename:{PipeName}" };
                ProcessResult shutdown = ProcessRunner.Run(
                    ProcessRunner.StartInfo(ProcessRunner.Dotnet, Path.GetTempPath(), arguments), TimeSpan.FromMinutes(2));
                Assert.True(shutdown.Succeeded, $"The compiler server {PipeName} did not shut down:\n{shutdown.Output}");
            }
        }

        /// <summary>The SDK that builds the consumers, which live below the temp folder: the one <c>dotnet</c> selects there.</summary>
        private static string SdkDirectory()
        {
            string temp = Path.GetTempPath();
            ProcessResult version = ProcessRunner.Run(ProcessRunner.Dotnet, temp, "--version");
            ProcessResult sdks = ProcessRunner.Run(ProcessRunner.Dotnet, temp, "--list-sdks");
            Assert.True(version.Succeeded && sdks.Succeeded, version.Output + sdks.Output);

            // Lines read "10.0.401 [/usr/share/dotnet/sdk]".
            string selected = version.StandardOutput.Trim();
            string? line = sdks.StandardOutput.Split('\n')
                .Select(text => text.Trim())
                .FirstOrDefault(text => text.StartsWith(selected + " [", StringComparison.Ordinal));
            Assert.True(line is not null, $"dotnet --list-sdks does not list {selected}:\n{sdks.Output}");
            return Path.Combine(line![(selected.Length + 2)..^1], selected);
        }
    }

    /// <summary>The incremental, clean and rebuild sequences: one of the two end-to-end collections that run side by side.</summary>
    [CollectionDefinition(Name)]
    public sealed class MSBuildBuildCollection : ICollectionFixture<CompilerServer>
    {
        internal const string Name = "MSBuild end-to-end: build, clean, rebuild";
    }

    /// <summary>The publish, GitOps and environment sequences: the other end-to-end collection.</summary>
    [CollectionDefinition(Name)]
    public sealed class MSBuildDeliveryCollection : ICollectionFixture<CompilerServer>
    {
        internal const string Name = "MSBuild end-to-end: publish, GitOps, environments";
    }
}
