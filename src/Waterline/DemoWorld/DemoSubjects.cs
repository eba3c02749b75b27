using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.DemoWorld;

/// <summary>
/// Synthetic subjects for the demo world's police, customs and prosecution records, with planted duplicates across
/// sources so that the linkage review queue has real work on first start. Names are drawn from short lists of common
/// Dutch, Flemish, French, Moroccan and Turkish given names and surnames made up here, combined at random: no real
/// person is described. Duplicates carry the variations sources really produce: particles fused or split (Van den
/// Berg / Vandenberg), accents dropped, initials, given name and surname swapped, "Surname, Given" order, one-letter
/// typos, transposed birth dates, phones written +32 / 0032 / 04xx, plates with or without dashes, company numbers with
/// or without dots. Deterministic: the same seed and the same host records give the same subjects.
/// </summary>
public static class DemoSubjects
{
    /// <summary>A record subjects can be attached to.</summary>
    public sealed record Host(long ObservationId, string Organisation, int MarkingId);

    /// <summary>A subject to write on host number <c>Host</c>; <c>Truth</c> is its planted identity (records with the
    /// same truth are the same subject).</summary>
    public sealed record Planned(int Host, RecordSubjects.NewSubject Subject, string Truth);

    private static readonly string[] BelgianSources = ["BE-FEDPOL", "BE-LOCPOL", "BE-CUSTOMS"];
    private static readonly string[] DutchSources = ["NL-POLITIE", "NL-DOUANE", "NL-FIOD"];

    private static readonly string[] GivenNames =
    [
        "Jan", "Pieter", "Koen", "Bart", "Stijn", "Dirk", "Wim", "Jeroen", "Sander", "Tom", "Lotte", "Sofie", "Els", "Inge",
        "Sanne", "Femke", "Marieke", "Eva", "Jean", "Pierre", "Luc", "Michel", "Philippe", "Nicolas", "Julien", "Sébastien",
        "François", "Marie", "Isabelle", "Nathalie", "Céline", "Hélène", "Mohamed", "Ahmed", "Youssef", "Karim", "Saïd",
        "Hamza", "Bilal", "Fatima", "Khadija", "Nadia", "Samira", "Imane", "Mehmet", "Mustafa", "Emre", "Burak", "Hakan",
        "Ayşe", "Elif", "Zeynep", "Fatma", "Özlem",
    ];

    private static readonly string[] Surnames =
    [
        "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
        "Van den Berg", "Van Damme", "De Vries", "Bakker", "Visser", "Smits", "Van Dijk", "Meijer", "De Backer",
        "Vermeulen", "Van der Linden", "Verhoeven", "Hendrickx", "Van de Velde", "Dubois", "Lambert", "Dupont", "Leclercq",
        "Lefèvre", "Renard", "Lemaire", "Mercier", "Gérard", "Dumont", "El Amrani", "Benali", "Bouzid", "El Idrissi",
        "Azzouzi", "Chaouki", "El Khatib", "Haddouchi", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın",
        "Arslan", "Doğan", "Koç",
    ];

    private static readonly string[] Trades = ["Transport", "Logistics", "Import Export", "Trading", "Fruit", "Agro", "Shipping", "Car Wash", "Bouw", "Recycling"];
    private static readonly string[] BelgianStreets = ["Kerkstraat", "Stationsstraat", "Dorpsstraat", "Molenstraat", "Nieuwstraat", "Rue de la Gare", "Rue de l'Église", "Chaussée de Mons", "Leopoldlaan", "Schoolstraat"];
    private static readonly string[] DutchStreets = ["Dorpsstraat", "Hoofdstraat", "Kerkweg", "Molenweg", "Julianastraat", "Beatrixlaan", "Havenstraat", "Industrieweg"];
    private static readonly (string Postcode, string Place)[] BelgianPlaces = [("2000", "Antwerpen"), ("2030", "Antwerpen"), ("1000", "Bruxelles"), ("1080", "Molenbeek"), ("9000", "Gent"), ("3500", "Hasselt"), ("4000", "Liège"), ("6000", "Charleroi")];
    private static readonly (string Postcode, string Place)[] DutchPlaces = [("3011", "Rotterdam"), ("1012", "Amsterdam"), ("4811", "Breda"), ("5611", "Eindhoven"), ("3511", "Utrecht"), ("6211", "Maastricht")];
    private static readonly string[] Vessels = ["Sea Star", "Nordic Wind", "Maria", "Atlantic Spirit", "Rotterdam Express", "Blue Horizon", "Ocean Pearl", "Scheldt Trader"];

    /// <summary>The police, customs and FIOD records subjects are attached to, in id order (at most 2,000 per source).</summary>
    public static async Task<IReadOnlyList<Host>> LoadHostsAsync(WaterlineDbContext db, CancellationToken ct)
    {
        var hosts = new List<Host>();
        foreach (var org in BelgianSources.Concat(DutchSources))
        {
            hosts.AddRange(await db.Observations.AsNoTracking().Where(o => o.SourceOrganisation == org).OrderBy(o => o.Id).Take(2000)
                .Select(o => new Host(o.Id, o.SourceOrganisation, o.MarkingId)).ToListAsync(ct));
        }
        return hosts;
    }

    /// <summary>Plans and writes the subjects into the current transaction. Returns each written subject's id with its
    /// planted truth (the tests' answer key).</summary>
    public static async Task<IReadOnlyList<(long SubjectId, string Truth)>> WriteAsync(WaterlineDbContext db, int seed, CancellationToken ct)
    {
        var hosts = await LoadHostsAsync(db, ct);
        var planned = Plan(seed, hosts);
        var subjects = planned.Select(p => new Subject
        {
            ObservationId = hosts[p.Host].ObservationId, MarkingId = hosts[p.Host].MarkingId, Kind = p.Subject.Kind, Role = p.Subject.Role,
            Name = p.Subject.Name, BirthDate = p.Subject.BirthDate, Identifier = p.Subject.Identifier, Address = p.Subject.Address,
            Country = p.Subject.Country,
        }).ToList();
        db.Subjects.AddRange(subjects);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return [.. subjects.Select((s, i) => (s.Id, planned[i].Truth))];
    }

    /// <summary>About 1,100 subjects: 260 persons, 120 phones, 70 vehicles, 60 addresses, 50 companies, 40 bank accounts
    /// and 12 vessels, each written once, twice (40 %) or three times (15 %) in different records.</summary>
    public static IReadOnlyList<Planned> Plan(int seed, IReadOnlyList<Host> hosts)
    {
        if (hosts.Count == 0)
        {
            return [];
        }
        var r = new Random(seed ^ 0x5EED_11AB);
        var bySource = hosts.Select((h, i) => (h, i)).GroupBy(x => x.h.Organisation).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        var planned = new List<Planned>();
        void Entity(SubjectKind kind, int n, Func<int, bool, string, RecordSubjects.NewSubject> write)
        {
            for (var e = 0; e < n; e++)
            {
                var dutch = r.NextDouble() < 0.4;
                var copies = r.NextDouble() switch { < 0.45 => 1, < 0.85 => 2, _ => 3 };
                // Most duplicates come from another source of the same country, some cross the border, some stay in one source.
                string[] pool = r.NextDouble() < 0.2 ? [.. BelgianSources, .. DutchSources] : dutch ? DutchSources : BelgianSources;
                var first = pool[r.Next(pool.Length)];
                var used = new HashSet<int>();
                for (var c = 0; c < copies; c++)
                {
                    var source = c == 0 || r.NextDouble() < 0.25 ? first : pool[r.Next(pool.Length)];
                    var candidates = bySource.TryGetValue(source, out var own) ? own : [.. Enumerable.Range(0, hosts.Count)];
                    var host = candidates[r.Next(candidates.Length)];
                    if (!used.Add(host))
                    {
                        continue;
                    }
                    planned.Add(new Planned(host, write(c, dutch, source), $"{kind}:{e}"));
                }
            }
        }

        Entity(SubjectKind.Person, 260, PersonWriter(r));
        Entity(SubjectKind.Phone, 120, PhoneWriter(r));
        Entity(SubjectKind.Vehicle, 70, PlateWriter(r));
        Entity(SubjectKind.Address, 60, AddressWriter(r));
        Entity(SubjectKind.Company, 50, CompanyWriter(r));
        Entity(SubjectKind.BankAccount, 40, AccountWriter(r));
        Entity(SubjectKind.Vessel, 12, VesselWriter(r));
        return planned;
    }

    // Each writer draws the true subject at copy 0 and writes copies 1 and 2 with variations.
    private static Func<int, bool, string, RecordSubjects.NewSubject> PersonWriter(Random r)
    {
        string[] given = [];
        var surname = "";
        DateOnly? born = null;
        return (copy, _, _) =>
        {
            if (copy == 0)
            {
                given = r.NextDouble() < 0.2 ? [Pick(r, GivenNames), Pick(r, GivenNames)] : [Pick(r, GivenNames)];
                surname = Pick(r, Surnames);
                born = new DateOnly(1960, 1, 1).AddDays(r.Next(45 * 365));
                return Person(string.Join(' ', given) + " " + surname, r.NextDouble() < 0.9 ? born : null);
            }
            var g = string.Join(' ', given);
            var s = surname;
            var date = born;
            switch (r.Next(9))
            {
                case 0: s = s.Replace(" ", "", StringComparison.Ordinal); break;          // Van den Berg -> Vandenberg
                case 1: (g, s) = (StripAccents(g), StripAccents(s)); break;              // Lefèvre -> Lefevre
                case 2: g = string.Concat(given.Select(x => x[0] + ".")); break;        // J.P.
                case 3: return Person($"{s.ToUpperInvariant()}, {g}", date);          // PEETERS, Jan
                case 4: return Person($"{s} {g}", date);                                 // swapped, no comma
                case 5: s = Typo(r, s); break;
                case 6: g = Typo(r, g); break;
                default: break;
            }
            date = r.Next(5) switch
            {
                0 when date is { Day: <= 12 } d && d.Day != d.Month => new DateOnly(d.Year, d.Day, d.Month), // 03/04 read as 04/03
                1 => null,
                _ => date,
            };
            return Person($"{g} {s}", date);
        };
    }

    private static RecordSubjects.NewSubject Person(string name, DateOnly? born) =>
        new(SubjectKind.Person, SubjectRole.Suspect, name, born);

    private static Func<int, bool, string, RecordSubjects.NewSubject> PhoneWriter(Random r)
    {
        var digits = "";
        var dutch = false;
        return (copy, isDutch, _) =>
        {
            if (copy == 0)
            {
                dutch = isDutch;
                digits = dutch ? "6" + Number(r, 8) : "4" + (char)('7' + r.Next(3)) + Number(r, 7);
            }
            var cc = dutch ? "31" : "32";
            var text = r.Next(4) switch
            {
                0 => $"+{cc} {digits[..3]} {digits[3..5]} {digits[5..7]} {digits[7..]}",
                1 => $"00{cc}{digits}",
                2 => dutch ? $"0{digits[..1]}-{digits[1..]}" : $"0{digits[..3]}/{digits[3..5]}.{digits[5..7]}.{digits[7..]}",
                _ => $"0{digits}",
            };
            return new(SubjectKind.Phone, SubjectRole.Suspect, Identifier: text, Country: dutch ? "NL" : "BE");
        };
    }

    private static Func<int, bool, string, RecordSubjects.NewSubject> PlateWriter(Random r)
    {
        string[] parts = [];
        var dutch = false;
        return (copy, isDutch, _) =>
        {
            if (copy == 0)
            {
                dutch = isDutch;
                parts = dutch ? [Letters(r, 2), Number(r, 3), Letters(r, 1)] : [$"{1 + r.Next(2)}", Letters(r, 3), Number(r, 3)];
            }
            var text = r.Next(3) switch
            {
                0 => string.Join('-', parts),
                1 => string.Concat(parts),
                _ => string.Join(' ', parts).ToLowerInvariant(),
            };
            return new(SubjectKind.Vehicle, SubjectRole.Other, Identifier: text, Country: dutch ? "NL" : "BE");
        };
    }

    private static Func<int, bool, string, RecordSubjects.NewSubject> AddressWriter(Random r)
    {
        var street = "";
        var number = 0;
        (string Postcode, string Place) place = ("", "");
        var suffix = "";
        var dutch = false;
        return (copy, isDutch, _) =>
        {
            if (copy == 0)
            {
                dutch = isDutch;
                street = Pick(r, dutch ? DutchStreets : BelgianStreets);
                number = 1 + r.Next(180);
                place = Pick(r, dutch ? DutchPlaces : BelgianPlaces);
                suffix = dutch ? " " + Letters(r, 2) : "";
            }
            var text = r.Next(4) switch
            {
                0 when street.StartsWith("Rue", StringComparison.Ordinal) => $"{number}, {street.ToLowerInvariant()}, {place.Postcode}{suffix} {place.Place}",
                1 => $"{street.ToUpperInvariant()} {number} {place.Postcode}{suffix.Replace(" ", "", StringComparison.Ordinal)} {place.Place.ToUpperInvariant()}",
                2 => $"{StripAccents(street).Replace("straat", "str.", StringComparison.Ordinal)} {number}, {place.Postcode}{suffix} {place.Place}",
                _ => $"{street} {number}, {place.Postcode}{suffix} {place.Place}",
            };
            return new(SubjectKind.Address, SubjectRole.Other, Address: text, Country: dutch ? "NL" : "BE");
        };
    }

    private static Func<int, bool, string, RecordSubjects.NewSubject> CompanyWriter(Random r)
    {
        var name = "";
        var number = "";
        var dutch = false;
        return (copy, isDutch, _) =>
        {
            if (copy == 0)
            {
                dutch = isDutch;
                name = $"{Pick(r, Surnames)} {Pick(r, Trades)}";
                number = dutch ? Number(r, 8) : Kbo(r);
            }
            var form = dutch ? Pick(r, ["B.V.", "BV", ""]) : Pick(r, ["BV", "NV", "SRL", ""]);
            var written = r.Next(4) switch
            {
                0 => name.ToUpperInvariant(),
                1 when copy > 0 => Typo(r, name),
                _ => name,
            };
            var id = r.Next(5) switch
            {
                0 => null,
                1 when !dutch => $"BE{number}",
                2 when !dutch => $"{number[..4]}.{number[4..7]}.{number[7..]}",
                3 when dutch => $"KvK {number}",
                _ => number,
            };
            return new(SubjectKind.Company, SubjectRole.Suspect, $"{written} {form}".Trim(), Identifier: id, Country: dutch ? "NL" : "BE");
        };
    }

    private static Func<int, bool, string, RecordSubjects.NewSubject> AccountWriter(Random r)
    {
        var iban = "";
        var holder = "";
        return (copy, isDutch, _) =>
        {
            if (copy == 0)
            {
                iban = isDutch ? DutchIban(r) : BelgianIban(r);
                holder = $"{Pick(r, GivenNames)} {Pick(r, Surnames)}";
            }
            var text = r.Next(3) switch
            {
                0 => string.Join(' ', iban.Chunk(4).Select(c => new string(c))),
                1 => iban.ToLowerInvariant(),
                _ => iban,
            };
            return new(SubjectKind.BankAccount, SubjectRole.Suspect, r.NextDouble() < 0.7 ? holder : null, Identifier: text, Country: iban[..2]);
        };
    }

    private static Func<int, bool, string, RecordSubjects.NewSubject> VesselWriter(Random r)
    {
        var name = "";
        var imo = "";
        return (copy, _, _) =>
        {
            if (copy == 0)
            {
                name = Pick(r, Vessels);
                var six = Number(r, 6, firstNonZero: true);
                // IMO check digit: the first six digits weighted 7..2, summed, mod 10 (IMO Resolution A.1117(30)).
                imo = six + (six.Select((d, i) => (d - '0') * (7 - i)).Sum() % 10).ToString(CultureInfo.InvariantCulture);
            }
            return new(SubjectKind.Vessel, SubjectRole.Other, r.Next(2) == 0 ? name.ToUpperInvariant() : name,
                Identifier: r.Next(2) == 0 ? $"IMO {imo}" : imo, Country: null);
        };
    }

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string Number(Random r, int length, bool firstNonZero = false)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append((char)('0' + (i == 0 && firstNonZero ? 1 + r.Next(9) : r.Next(10))));
        }
        return sb.ToString();
    }

    private static string Letters(Random r, int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)('A' + r.Next(26)))]);

    /// <summary>A valid Belgian enterprise number: 0 and eight digits, then 97 - (first eight mod 97).</summary>
    private static string Kbo(Random r)
    {
        var body = "0" + (char)('4' + r.Next(4)) + Number(r, 7);
        var check = 97 - (int)(long.Parse(body[..8], CultureInfo.InvariantCulture) % 97);
        return body[..8] + check.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>A Belgian IBAN whose 12-digit account number carries its own mod 97 check, with ISO 13616 check digits.</summary>
    private static string BelgianIban(Random r)
    {
        var ten = Number(r, 10);
        var check = (int)(long.Parse(ten, CultureInfo.InvariantCulture) % 97);
        return Iban("BE", ten + (check == 0 ? 97 : check).ToString("00", CultureInfo.InvariantCulture));
    }

    private static string DutchIban(Random r) => Iban("NL", Pick(r, ["ABNA", "INGB", "RABO", "SNSB"]) + Number(r, 10));

    private static string Iban(string country, string bban)
    {
        var numeric = new StringBuilder();
        foreach (var ch in bban + country + "00")
        {
            numeric.Append(char.IsAsciiLetter(ch) ? (ch - 'A' + 10).ToString(CultureInfo.InvariantCulture) : ch.ToString());
        }
        var remainder = 0;
        foreach (var ch in numeric.ToString())
        {
            remainder = ((remainder * 10) + (ch - '0')) % 97;
        }
        return country + (98 - remainder).ToString("00", CultureInfo.InvariantCulture) + bban;
    }

    /// <summary>One letter after the first replaced by its neighbour, or two neighbours swapped.</summary>
    private static string Typo(Random r, string text)
    {
        var letters = Enumerable.Range(1, Math.Max(0, text.Length - 2)).Where(i => char.IsLetter(text[i]) && char.IsLetter(text[i + 1])).ToArray();
        if (letters.Length == 0)
        {
            return text;
        }
        var i = letters[r.Next(letters.Length)];
        var chars = text.ToCharArray();
        if (r.Next(2) == 0)
        {
            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        }
        else
        {
            chars[i] = chars[i] == 'e' ? 'a' : 'e';
        }
        return new string(chars);
    }

    private static string StripAccents(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(ch == 'ı' ? 'i' : ch);
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
