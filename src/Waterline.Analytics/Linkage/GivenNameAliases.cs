namespace Waterline.Analytics.Linkage;

/// <summary>
/// Equivalence classes of given names that stand for one another in records: spelling and language variants
/// (Johannes, Jan, Jean, Hans), diminutives (Piet, Kees) and transliterations (Mohamed, Muhammad, Mehmet). Names are
/// compared folded (<see cref="NameNormaliser.Fold"/>), so case, accents and hyphens do not matter.
/// </summary>
/// <remarks>
/// <para>Table format, one class per line: names separated by commas, the first being the class's canonical name;
/// "#" starts a comment running to the end of the line; blank lines are skipped. A class needs at least two
/// distinct names.</para>
/// <para>A name may belong to several classes ("jo" is short for Johannes, Johanna and Joseph). Aliasing is therefore
/// not transitive: Johannes and Johanna are no aliases although both are aliases of Jo. Classes are never merged.</para>
/// <para>The default table is Waterline's own, drawn up from common Dutch, Flemish, French, German, English, Arabic
/// and Turkish forms; it is a starting point, not a reference. Instances are immutable and safe to share.</para>
/// </remarks>
public sealed class GivenNameAliases
{
    private readonly Dictionary<string, int[]> classesOf;
    private readonly string[] canonical;

    private GivenNameAliases(Dictionary<string, int[]> classesOf, string[] canonical)
    {
        this.classesOf = classesOf;
        this.canonical = canonical;
    }

    /// <summary>The built-in table (<see cref="DefaultTable"/>).</summary>
    public static GivenNameAliases Default { get; } = Empty.Extend(new StringReader(DefaultTable), "default table");

    /// <summary>A table without classes.</summary>
    public static GivenNameAliases Empty => new(new Dictionary<string, int[]>(StringComparer.Ordinal), []);

    /// <summary>The number of classes.</summary>
    public int ClassCount => canonical.Length;

    /// <summary>
    /// A new table holding this table's classes and those read from <paramref name="reader"/> (same format). The
    /// caller opens and closes the reader; this method only reads lines.
    /// </summary>
    /// <param name="reader">Lines of the table format.</param>
    /// <param name="source">A name for the text (a file name) used in error messages.</param>
    /// <exception cref="FormatException">A line has fewer than two distinct names or an empty name; the message names
    /// the source and the line number.</exception>
    public GivenNameAliases Extend(TextReader reader, string source = "alias table")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var classes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (name, ids) in classesOf)
            classes[name] = [.. ids];
        var heads = new List<string>(canonical);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var content = (hash >= 0 ? line[..hash] : line).Trim();
            if (content.Length == 0)
                continue;
            var names = new List<string>();
            foreach (var part in content.Split(','))
            {
                var folded = NameNormaliser.Fold(part);
                if (folded.Length == 0)
                    throw new FormatException($"{source}, line {lineNumber}: empty name in \"{content}\".");
                if (!names.Contains(folded))
                    names.Add(folded);
            }
            if (names.Count < 2)
                throw new FormatException($"{source}, line {lineNumber}: a class needs at least two different names, got \"{content}\".");
            var id = heads.Count;
            heads.Add(names[0]);
            foreach (var name in names)
            {
                if (!classes.TryGetValue(name, out var ids))
                    classes[name] = ids = [];
                ids.Add(id);
            }
        }
        var frozen = new Dictionary<string, int[]>(classes.Count, StringComparer.Ordinal);
        foreach (var (name, ids) in classes)
            frozen[name] = [.. ids];
        return new GivenNameAliases(frozen, [.. heads]);
    }

    /// <summary>A new table with the classes in <paramref name="text"/> added (see <see cref="Extend(TextReader, string)"/>).</summary>
    public GivenNameAliases Extend(string text, string source = "alias table") => Extend(new StringReader(text), source);

    /// <summary>
    /// Whether two given names are the same name or share a class. Names are folded first; a name that folds to
    /// nothing is no alias of anything.
    /// </summary>
    public bool AreAliases(string? a, string? b) => AreFoldedAliases(NameNormaliser.Fold(a), NameNormaliser.Fold(b));

    /// <summary><see cref="AreAliases"/> for names already folded with <see cref="NameNormaliser.Fold"/>.</summary>
    public bool AreFoldedAliases(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
            return false;
        if (a == b)
            return true;
        if (!classesOf.TryGetValue(a, out var x) || !classesOf.TryGetValue(b, out var y))
            return false;
        // Both lists are short and ascending: a merge walk.
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
                return true;
            if (x[i] < y[j])
                i++;
            else
                j++;
        }
        return false;
    }

    /// <summary>
    /// A blocking key: the canonical (first) name of the first class the folded name belongs to, or the folded name
    /// itself when it is in no class ("" for an empty name). Names in several classes get the first class's key, so
    /// equal keys imply aliases but aliases need not share a key; compare with <see cref="AreAliases"/>.
    /// </summary>
    public string CanonicalKey(string? name)
    {
        var folded = NameNormaliser.Fold(name);
        return classesOf.TryGetValue(folded, out var ids) ? canonical[ids[0]] : folded;
    }

    /// <summary>The canonical names of the classes a name belongs to (empty when none).</summary>
    public IEnumerable<string> ClassesOf(string? name) =>
        classesOf.TryGetValue(NameNormaliser.Fold(name), out var ids) ? ids.Select(id => canonical[id]) : [];

    /// <summary>The built-in classes, in the table format (see the remarks of <see cref="GivenNameAliases"/>).</summary>
    public const string DefaultTable = """
        # Waterline default given-name aliases. One class per line, the first name is the canonical one.
        # Men
        Johannes, Joannes, Jan, Johan, Johann, Hans, Hannes, Jannes, Jean, John, Jo, Jens
        Pieter, Piet, Peter, Petrus, Pierre, Pedro, Pietro, Peer
        Cornelis, Cornelius, Kees, Cor, Corneel, Neel
        Hendrik, Henk, Henri, Henry, Heinrich, Heinz, Rik, Hein
        Willem, Wim, Wilhelm, William, Guillaume, Willy, Wil, Pim
        Jacobus, Jacob, Jakob, Jaap, Koos, Jacques, Jaak, Sjaak, James
        Josephus, Joseph, Jozef, Josef, José, Giuseppe, Jef, Sjef, Jos, Joep, Jo
        Antonius, Anton, Antoon, Toon, Teun, Antoine, Anthony, Antonio, Tony
        Franciscus, Frans, François, Francis, Franz, Francesco, Sus, Cis
        Gerardus, Gerard, Gerrit, Gert, Geert, Gerhard, Gerd
        Adrianus, Adriaan, Arie, Adrien, Adrian, Ad
        Theodorus, Theo, Dorus, Théodore, Teo
        Nicolaas, Nikolaas, Klaas, Niek, Nico, Nicolas, Nikolaus, Klaus, Claus, Niels
        Michael, Michiel, Michel, Michaël, Mikael, Giel, Michal
        Christiaan, Christian, Chris, Kris
        Christophe, Christoph, Christopher, Kristof, Christof, Stoffel, Chris, Kris
        Stefaan, Stefan, Stephan, Stéphane, Steven, Stephen, Steffen
        Lodewijk, Ludovicus, Louis, Lowie, Ludwig, Lode
        Karel, Carolus, Charles, Karl, Carl, Carlos
        Hubertus, Hubert, Huub, Bert
        Albertus, Albert, Bert, Ab
        Robert, Robbert, Rob, Bob, Robin
        Frederik, Frederic, Frédéric, Friedrich, Fritz, Freek, Fred, Rik
        Alexander, Alexandre, Alex, Sander, Xander
        Dirk, Diederik, Dietrich, Thierry, Dick
        Mattheus, Matthijs, Thijs, Tijs, Matthias, Mathieu, Matthieu, Matthew, Matteo
        Paulus, Paul, Pauwel, Pol, Paolo, Pablo
        Andreas, Andries, André, Andrew, Dries
        Emmanuel, Immanuel, Manuel, Manu
        Benedictus, Benedikt, Benoît, Benedict
        Bartholomeus, Bart, Barthélemy
        # Women
        Johanna, Joanna, Jeanne, Jana, Janneke, Hanneke, Joke, Jo
        Maria, Marie, Mia, Mieke, Marieke, Mary, Ria, Mariëtte
        Elisabeth, Elizabeth, Lisa, Els, Elise, Liesbeth, Lies, Betty, Ilse
        Catharina, Catherine, Katharina, Katrien, Katrijn, Trien, Kaat, Katja, Cathy
        Wilhelmina, Willemien, Wilma, Mien, Mina
        Margaretha, Margareta, Margarete, Marguerite, Margriet, Greet, Grietje, Margot
        Geertruida, Gertrude, Geertje, Truus, Trudy
        Anna, Anne, Anja, Annie, Ans, Anneke
        # Arabic, in the French, Dutch, English and Turkish transliterations met in Belgian and Dutch records
        Mohamed, Mohammed, Muhammad, Mohammad, Muhammed, Mohamad, Mouhamed, Mhamed, Mohamet, Mehmet
        Ahmed, Ahmad, Ahmet, Achmed
        Youssef, Yousef, Yusuf, Youssouf, Yussuf, Jusuf, Youcef
        Ibrahim, Brahim, Ebrahim, Ibrahima
        Mustafa, Mostafa, Moustafa, Mustapha, Moustapha
        Hassan, Hasan, Hassane
        Hussein, Hussain, Husein, Houssein, Hüseyin, Hossein
        Abdallah, Abdullah, Abdellah, Abdulla
        Abdelkader, Abdelkadir, Abdulkadir, Abdelqader, Abdel Kader
        Rachid, Rashid, Rachied, Rasheed, Reşit
        Said, Saïd, Sayed, Saeed, Sait
        Omar, Umar, Ömer
        Karim, Kareem, Kerim
        Khalid, Khaled, Halit
        Yassine, Yassin, Yasin, Yacine
        Mehdi, Mahdi
        Bilal, Belal
        Noureddine, Nourredine, Nouredine, Nour-Eddine, Nurettin
        Fatima, Fatma, Fatimah, Fadma, Fatoumata
        Khadija, Khadidja, Kadija, Hatice
        Maryam, Mariam, Meryem, Myriam, Miriam
        Aïcha, Aisha, Aicha, Ayşe, Aïsha
        """;
}
