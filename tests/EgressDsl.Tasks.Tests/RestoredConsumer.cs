using System;
using System.IO;
using System.Threading;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// The end-to-end consumer's project file, and its restore, made once per test process and copied into each test's folder.
    /// </summary>
    /// <remarks>
    /// The consumer has no package reference: its restore writes the same files whatever a test adds to the project (properties,
    /// EgressEnvironment items), and the build reads nothing in them that names the folder it was made in. One restore per
    /// test, each a <c>dotnet restore</c> of about 2 CPU-seconds and several seconds of waiting on a loaded machine, became one
    /// per run; every test still builds, cleans and publishes with the real <c>dotnet</c> in a folder of its own.
    /// </remarks>
    internal static class RestoredConsumer
    {
        internal const string ProjectFileName = "Consumer.csproj";

        private static readonly Lazy<string> Template = new Lazy<string>(Restore, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The consumer's project: it imports EgressDsl.props/.targets as a ProjectReference consumer does.</summary>
        internal static string ProjectXml(string extraProjectXml)
        {
            string packageBuild = Path.Combine(AppContext.BaseDirectory, "PackageBuild");
            return $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <EgressDslTasksAssembly>{typeof(WriteEgressManifests).Assembly.Location}</EgressDslTasksAssembly>
  </PropertyGroup>
  {extraProjectXml}
  <Import Project=""{Path.Combine(packageBuild, "EgressDsl.props")}"" />
  <Import Project=""{Path.Combine(packageBuild, "EgressDsl.targets")}"" />
</Project>
";
        }

        /// <summary>Puts the restore's files (obj/) into <paramref name="directory"/>, which holds a consumer's project file.</summary>
        internal static void CopyRestoreInto(string directory)
        {
            string restored = Path.Combine(Template.Value, "obj");
            string target = Path.Combine(directory, "obj");
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(restored))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        private static string Restore()
        {
            // Outlives every test of the process: no test owns it.
            var directory = new TemporaryDirectory();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
            string project = directory.Combine(ProjectFileName);
            File.WriteAllText(project, ProjectXml(extraProjectXml: string.Empty));
            (int exitCode, string output) = MSBuildEndToEnd.Run(project, "restore", "--disable-build-servers");
            Assert.True(exitCode == 0, output);
            return directory.Path;
        }
    }
}
