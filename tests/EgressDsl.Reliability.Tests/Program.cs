using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EgressDsl.Reliability.Tests;

/// <summary>
/// Started as a separate process by <see cref="DeterminismAcrossProcessesTests"/>: runs the generator over the samples in
/// the culture given and prints a hash of every generated source. The test runner never calls this.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "generate")
        {
            Console.Error.WriteLine("usage: generate <culture>");
            return 2;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(args[1]);
        Console.Write(Fingerprint());
        return 0;
    }

    public static string Fingerprint()
    {
        var builder = new StringBuilder();
        foreach (var source in new[] { Sample("NginxEgress.cs"), Sample("CnnEgress.cs"), Scenarios.WeightedSubsetsWithCredentialName, Scenarios.PassthroughGateway })
        {
            foreach (var generated in GeneratorHarness.Run(source).GeneratedSources)
            {
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(generated)));
                builder.Append(generated.Substring(0, generated.IndexOf('\n'))).Append(' ').Append(hash).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name + ".txt"));
}
