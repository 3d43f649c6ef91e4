using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>A class's output as user code reads it (<c>EgressCatalog.For&lt;T&gt;()</c>), and what it costs the assembly.</summary>
public class ClassMembersAtRunTimeTests
{
    private static readonly string SeedSource = GeneratorHarness.SampleSource("NginxEgress.cs");

    [Fact]
    public void A_class_reads_its_resources_at_run_time_as_the_build_writes_them()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(SeedSource, """
            public static class Probe
            {
                public static object Resources => EgressDsl.Generated.EgressCatalog.For<SeedEgress.NginxExternal>().Resources;
                public static string Yaml => EgressDsl.Generated.EgressCatalog.For<SeedEgress.NginxExternal>().Yaml;
            }
            """));

        Assert.Empty(run.CompilationErrors);
        var resources = (IReadOnlyList<EgressResource>)run.RunTimeValue("Probe", "Resources")!;
        Assert.Contains(resources, resource => (resource.Kind, resource.Name) == ("ServiceEntry", "se-nginx-ext"));
        Assert.All(resources, resource => Assert.Equal(run.Files[resource.Path], resource.Yaml));
        Assert.Equal(resources.Select(r => r.Path).OrderBy(p => p, StringComparer.Ordinal), resources.Select(r => r.Path));
        var yaml = (string)run.RunTimeValue("Probe", "Yaml")!;
        Assert.Equal(EgressManifestReader.JoinDocuments(resources), yaml);
        Assert.Contains("name: se-nginx-ext\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_packed_constant_is_stored_once_not_again_as_a_string_literal()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(SeedSource));
        var packed = (string)run.Output.GetTypeByMetadataName("SeedEgress.NginxExternal+Egress")!
            .GetMembers("PackedFiles").OfType<IFieldSymbol>().Single().ConstantValue!;

        using var stream = new MemoryStream();
        Assert.True(run.Output.Emit(stream).Success);
        stream.Position = 0;
        using var assembly = new PEReader(stream);
        var metadata = assembly.GetMetadataReader();
        var literals = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
        {
            literals.Add(metadata.GetUserString(handle));
        }

        // Two bytes a character in the blob heap, as the constant's value; no copy in the user-string heap.
        Assert.DoesNotContain(packed, literals);
        Assert.Contains(
            metadata.FieldDefinitions.Select(metadata.GetFieldDefinition),
            field => metadata.GetString(field.Name) == "PackedFiles"
                && metadata.GetBlobReader(metadata.GetConstant(field.GetDefaultValue()).Value).Length == packed.Length * 2);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("#define EGRESSDSL_KEEP_ATTRIBUTES\n", true)]
    public void The_attributes_are_read_at_compile_time_and_left_out_of_the_assembly_unless_kept(string prefix, bool kept)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(prefix + SeedSource));

        Assert.Empty(run.CompilationErrors);
        Assert.Contains("istio/service-entry_se-nginx-ext.yaml", run.Files.Keys);
        var service = run.Output.GetTypeByMetadataName("SeedEgress.NginxExternal")!;
        Assert.Contains(service.GetAttributes(), attribute => attribute.AttributeClass!.Name == "ExternalServiceAttribute");
        using var stream = new MemoryStream();
        Assert.True(run.Output.Emit(stream).Success);
        stream.Position = 0;
        using var assembly = new PEReader(stream);
        var metadata = assembly.GetMetadataReader();
        var attributeTypes = metadata.CustomAttributes
            .Select(handle => metadata.GetCustomAttribute(handle).Constructor)
            .Where(constructor => constructor.Kind == HandleKind.MemberReference)
            .Select(constructor => metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent)
            .Where(parent => parent.Kind == HandleKind.TypeReference)
            .Select(parent => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name))
            .ToList();
        Assert.Equal(kept, attributeTypes.Contains("ExternalServiceAttribute"));
        Assert.Equal(kept, attributeTypes.Contains("ServicePortAttribute"));
    }
}
