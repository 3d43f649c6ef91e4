using System.Numerics;
using EgressDsl.Testing.Yaml;

namespace EgressDsl.Testing.Crd;

/// <summary>Small checks shared by the validators.</summary>
internal static class YamlChecks
{
    private static readonly BigInteger Int64Min = long.MinValue;
    private static readonly BigInteger Int64Max = long.MaxValue;

    public static bool FitsInt64(BigInteger value) => value >= Int64Min && value <= Int64Max;

    /// <summary>Reports a type error unless <paramref name="node"/> is a scalar of <paramref name="type"/>.</summary>
    public static bool ExpectScalar(YamlTree node, YamlScalarType type, FieldPath path, ErrorSink errors)
    {
        if (node.Kind == YamlNodeKind.Scalar && node.ScalarType == type)
        {
            return true;
        }

        errors.Add(path, $"Invalid type: expected {YamlTree.TypeName(type)} but found {node.Describe()}", ValidationErrorKind.Type, node);
        return false;
    }

    /// <summary>
    /// Reports every plain scalar (value or key) whose meaning differs between YAML 1.2 and the YAML 1.1 reader
    /// kubectl uses, wherever it is in the document; such a value is read differently by different tools.
    /// </summary>
    public static void ReportYamlAmbiguities(YamlTree node, FieldPath path, ErrorSink errors)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Scalar:
                if (node.Yaml11Ambiguity is { } problem)
                {
                    errors.Add(path, problem, ValidationErrorKind.Yaml, node);
                }

                break;
            case YamlNodeKind.Sequence:
                for (int i = 0; i < node.Items.Count; i++)
                {
                    ReportYamlAmbiguities(node.Items[i], path.Index(i), errors);
                }

                break;
            default:
                bool map = errors.FreeKeyedMaps.Contains(node);
                for (int i = 0; i < node.Entries.Count; i++)
                {
                    var keyPath = map ? path.MapKey(node.Entries[i].Key) : path.Key(node.Entries[i].Key);
                    if (node.KeyNodes![i].Yaml11Ambiguity is { } keyProblem)
                    {
                        errors.Add(keyPath, "key: " + keyProblem, ValidationErrorKind.Yaml, node.KeyNodes[i]);
                    }

                    ReportYamlAmbiguities(node.Entries[i].Value, keyPath, errors);
                }

                break;
        }
    }
}
