using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EgressDsl.Envoy.Tests;

/// <summary>Golden files: read from the test output, rewritten in the source tree when EGRESSDSL_UPDATE_GOLDEN=1.</summary>
internal static class GoldenFiles
{
    public static bool Updating => Environment.GetEnvironmentVariable("EGRESSDSL_UPDATE_GOLDEN") == "1";

    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>tests/EgressDsl.Envoy.Tests/Golden in the source tree, found above the test assembly.</summary>
    public static string SourceFolder
    {
        get
        {
            // The project folder is above the test assembly, or beside the repository's tests/ folder with --artifacts-path.
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                foreach (var project in new[] { directory.FullName, Path.Combine(directory.FullName, "tests", "EgressDsl.Envoy.Tests") })
                {
                    if (File.Exists(Path.Combine(project, "EgressDsl.Envoy.Tests.csproj")))
                    {
                        return Path.Combine(project, "Golden");
                    }
                }
            }

            throw new DirectoryNotFoundException("EgressDsl.Envoy.Tests.csproj was not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>
/// YAML to JSON the way Envoy reads YAML (envoy-check's README): quoted scalars are strings; plain scalars are booleans,
/// integers, numbers or strings, in that order. Lets tests give the bootstrap YAML to the simulator, which reads JSON.
/// </summary>
internal static class YamlToJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Node(stream.Documents[0].RootNode)!.ToJsonString();
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Node(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Node).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted)
        {
            return JsonValue.Create(text);
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return text is "~" or "null" or "" ? null : JsonValue.Create(text);
    }
}
