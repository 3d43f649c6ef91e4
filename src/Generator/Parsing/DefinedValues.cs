using System;
using System.Collections.Generic;
using System.Linq;

namespace EgressDsl.Generator.Parsing
{
    /// <summary>
    /// Which integers an enum argument may hold, read from the enum itself (src/Abstractions/Enums.cs, compiled into the
    /// generator): a member added there is accepted here without an edit, and a value the enum does not define is caught.
    /// </summary>
    internal static class DefinedValues<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly HashSet<int> Values = new(Enum.GetValues(typeof(TEnum)).Cast<object>().Select(Convert.ToInt32));

        // A [Flags] enum (RouteHops) takes any combination of its members' bits, as C# lets a user write Mesh | Service.
        private static readonly int? FlagBits = typeof(TEnum).IsDefined(typeof(FlagsAttribute), false)
            ? Values.Aggregate(0, (bits, value) => bits | value)
            : null;

        /// <summary>
        /// True when <paramref name="value"/> is a member of <typeparamref name="TEnum"/>, or a combination of its flags.
        /// </summary>
        public static bool Contains(int value) => FlagBits is { } bits ? value >= 0 && (value & ~bits) == 0 : Values.Contains(value);
    }
}
