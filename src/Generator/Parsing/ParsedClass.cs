using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// What the parser made of one class: where it is declared, the model (null when an error makes it unusable), the diagnostics as data,
    /// and where the class's role attribute is, for the generator's own "not generated" error.
    /// </summary>
    internal sealed record ParsedClass(
        ClassIdentity Identity,
        EgressClassModel? Model,
        EquatableArray<DiagnosticInfo> Diagnostics,
        LocationInfo? RoleAttributeLocation)
    {
        public string MetadataName => Identity.MetadataName;

        public bool HasErrors
        {
            get
            {
                foreach (var diagnostic in Diagnostics)
                {
                    if (diagnostic.IsError)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
