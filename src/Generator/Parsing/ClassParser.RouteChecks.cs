using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing.Attributes;

namespace EgressDsl.Generator.Parsing
{
    // Checks of a route's weighted destinations.
    internal sealed partial class ClassParser
    {
        /// <summary>
        /// Split weights: one destination (KIA1104), a total other than 100 (the attribute's contract; Istio accepts it
        /// since istio/istio#39544 and Envoy shares traffic by weight over the total, so 60/60 is 50/50, not what was
        /// written), or a destination with weight 0 (no Istio or Kiali check flags it). One report per Split: the total first, as it changes every share.
        /// </summary>
        private void CheckWeights(AttributeSnapshot attribute, IReadOnlyList<WeightedSubsetModel> destinations)
        {
            if (destinations.Count == 1)
            {
                Report(DiagnosticDescriptors.SingleWeightedDestination, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split), 0), destinations[0].Weight.ToString(CultureInfo.InvariantCulture), destinations[0].Subset ?? string.Empty);
                return;
            }

            var total = destinations.Sum(d => d.Weight);
            if (total != 100)
            {
                var shares = string.Join(", ", destinations.Select(d => (d.Subset ?? string.Empty) + " " + (100.0 * d.Weight / total).ToString("0.#", CultureInfo.InvariantCulture) + "%"));
                Report(DiagnosticDescriptors.SplitWeightsNot100, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split)), total.ToString(CultureInfo.InvariantCulture), shares);
                return;
            }

            for (var i = 0; i < destinations.Count; i++)
            {
                if (destinations[i].Weight == 0)
                {
                    Report(DiagnosticDescriptors.ZeroWeightDestination, attribute.ArgumentLocation(nameof(HttpRouteAttribute.Split), i), destinations[i].Subset ?? string.Empty);
                }
            }
        }
    }
}
