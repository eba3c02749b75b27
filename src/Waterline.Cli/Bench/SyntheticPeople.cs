using System.Globalization;
using System.Text;

namespace Waterline.Cli.Bench;

/// <summary>A generated population with known truth for the linkage benchmark: people (synthetic names built from
/// syllables, never real persons) written one or more times with the errors sources make: typos, transposed letters,
/// day and month swapped, nicknames, missing values, a moved postcode. Deterministic for a seed.</summary>
internal static class SyntheticPeople
{
    private static readonly string[] GivenNames =
    [
        "jan", "johannes", "hans", "pieter", "piet", "peter", "willem", "wim", "hendrik", "henk", "cornelis", "kees", "jacobus", "koen", "thomas",
        "lucas", "daan", "sem", "milan", "noah", "levi", "liam", "finn", "mohamed", "mohammed", "ahmed", "youssef", "ibrahim", "mehmet", "mustafa",
        "emre", "ali", "hamza", "adam", "louis", "arthur", "jules", "victor", "gabriel", "raphael", "maxime", "nicolas", "julien", "olivier",
        "maria", "anna", "emma", "julia", "sophie", "lotte", "eva", "sara", "fatima", "aicha", "khadija", "zeynep", "elif", "ayse", "louise",
        "camille", "chloe", "lea", "manon", "ines", "nora", "lina", "marie", "els", "an", "katrien", "liesbeth", "griet", "hanne", "femke",
    ];

    private static readonly string[] Roots =
    [
        "berg", "dijk", "bos", "veld", "broek", "hout", "meer", "straat", "kamp", "heuvel", "water", "linde", "molen", "beek", "hof", "brug",
        "akker", "zand", "steen", "wouw", "peer", "janssen", "peeters", "maes", "jacobs", "mertens", "willems", "claes", "goossens", "wouters",
        "dubois", "lambert", "dupont", "martin", "simon", "laurent", "leclercq", "el amrani", "benali", "yilmaz", "kaya", "demir", "sahin",
    ];

    private static readonly string[] Prefixes = ["", "", "", "van ", "van den ", "van der ", "de ", "ver", "op de ", "ten ", "le ", "du "];

    private static readonly string[] Suffixes = ["", "", "s", "mans", "er", "ens", "x", "aert", "inck", "el", "ot"];

    private static readonly Dictionary<string, string> Nicknames = new(StringComparer.Ordinal)
    {
        ["johannes"] = "jan", ["hendrik"] = "henk", ["cornelis"] = "kees", ["willem"] = "wim", ["pieter"] = "piet", ["mohammed"] = "mohamed",
    };

    /// <summary>Writes <paramref name="records"/> rows: id, given_name, surname, date_of_birth, postcode, city, phone, cluster.</summary>
    public static async Task WriteAsync(string path, int records, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var surnames = new List<string>();
        foreach (var prefix in Prefixes.Distinct())
            foreach (var root in Roots)
                foreach (var suffix in Suffixes.Distinct())
                    surnames.Add(prefix + root + suffix);
        var cities = Enumerable.Range(0, 600).Select(i => (Postcode: (1000 + i * 15).ToString(CultureInfo.InvariantCulture), Name: Syllables(random, 2, 3))).ToArray();

        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteLineAsync("id,given_name,surname,date_of_birth,postcode,city,phone,cluster");
        var written = 0;
        var person = 0;
        var line = new StringBuilder();
        while (written < records)
        {
            ct.ThrowIfCancellationRequested();
            // Zipf-like surnames (a few very common), uniform given names; 1 to 5 records per person, mean about 1.5.
            var surname = surnames[(int)(surnames.Count * Math.Pow(random.NextDouble(), 2.5))];
            var given = GivenNames[random.Next(GivenNames.Length)];
            var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(65 * 365));
            var city = cities[(int)(cities.Length * Math.Pow(random.NextDouble(), 1.5))];
            var phone = "04" + random.Next(70, 100).ToString(CultureInfo.InvariantCulture) + random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            var copies = 1;
            while (copies < 5 && random.NextDouble() < 0.35)
                copies++;
            for (var c = 0; c < copies && written < records; c++)
            {
                var corrupt = c > 0;
                line.Clear();
                line.Append(CultureInfo.InvariantCulture, $"r{written},");
                line.Append(Field(random, corrupt ? Nickname(random, Typo(random, given, 0.25)) : given, corrupt ? 0.05 : 0.01)).Append(',');
                line.Append(Field(random, corrupt ? Typo(random, surname, 0.3) : surname, corrupt ? 0.03 : 0)).Append(',');
                var date = corrupt && random.NextDouble() < 0.1 && birth.Day <= 12 ? new DateOnly(birth.Year, birth.Day, birth.Month) : birth;
                var dateText = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                line.Append(Field(random, corrupt ? Typo(random, dateText, 0.1, digitsOnly: true) : dateText, corrupt ? 0.1 : 0.02)).Append(',');
                var place = corrupt && random.NextDouble() < 0.15 ? cities[random.Next(cities.Length)] : city;
                line.Append(Field(random, place.Postcode, 0.05)).Append(',');
                line.Append(Field(random, corrupt ? Typo(random, place.Name, 0.1) : place.Name, 0.05)).Append(',');
                line.Append(Field(random, phone, corrupt ? 0.5 : 0.3)).Append(',');
                line.Append(CultureInfo.InvariantCulture, $"p{person}");
                await writer.WriteLineAsync(line, ct);
                written++;
            }
            person++;
        }
    }

    private static string Field(Random random, string value, double missing) => random.NextDouble() < missing ? "" : value;

    private static string Nickname(Random random, string given) =>
        Nicknames.TryGetValue(given, out var nick) && random.NextDouble() < 0.3 ? nick : given;

    // One edit (substitution, deletion, insertion or adjacent transposition) with the given probability.
    private static string Typo(Random random, string text, double probability, bool digitsOnly = false)
    {
        if (text.Length < 3 || random.NextDouble() >= probability)
            return text;
        var chars = new StringBuilder(text);
        var at = random.Next(text.Length - 1);
        if (digitsOnly)
        {
            while (!char.IsAsciiDigit(chars[at]))
                at = (at + 1) % chars.Length;
            chars[at] = (char)('0' + random.Next(10));
            return chars.ToString();
        }
        switch (random.Next(4))
        {
            case 0: chars[at] = (char)('a' + random.Next(26)); break;
            case 1: chars.Remove(at, 1); break;
            case 2: chars.Insert(at, (char)('a' + random.Next(26))); break;
            default: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
        }
        return chars.ToString();
    }

    private static string Syllables(Random random, int min, int max)
    {
        string[] parts = ["ber", "lo", "ven", "gem", "ker", "hout", "aal", "dries", "mol", "zel", "ter", "wa", "ren", "ant", "lier", "ge", "sint", "mech"];
        var n = random.Next(min, max + 1);
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
            sb.Append(parts[random.Next(parts.Length)]);
        return sb.ToString();
    }
}
