using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Analytics.Networks;
using Waterline.Audit;
using Waterline.DemoWorld;
using Waterline.Networks;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Networks;

/// <summary>BuildNetwork and SimulateRemoval on real SQLite and PostgreSQL over the demo network. Expected values come
/// from the generator's planted truth (DemoNetwork.Draw): the reports each reader may see, joined by a plain
/// breadth-first search written here, not by the code under test.</summary>
public sealed class BuildNetworkTests
{
    private const int Seed = 20240101;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Reader BelgianAnalyst = new("analyst.be-fedpol", "BE-FEDPOL", Role.Analyst, "case BE-2026-041");
    private static readonly Reader DutchAnalyst = new("analyst.nl-politie", "NL-POLITIE", Role.Analyst, "zaak 26NL0042");
    private static readonly DemoNetwork.Plan Plan = DemoNetwork.Draw(Seed);

    private static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        var result = await DemoNetwork.WriteAsync(db, Seed, null, None);
        Assert.False(result.AlreadySeeded);
        Assert.True((await DemoNetwork.WriteAsync(db, Seed, null, None)).AlreadySeeded);
        return test;
    }

    private static async Task<BuildNetwork.Result> BuildAsync(TestDatabase test, Reader reader, BuildNetwork.Request request)
    {
        await using var db = await test.NewContextAsync(reader);
        return await new BuildNetwork.Handler(db, TimeProvider.System).HandleAsync(request, None);
    }

    /// <summary>The planted reports a reader of this circle set may see in the window and market.</summary>
    private static List<DemoNetwork.Report> Visible(DemoNetwork.Circle[] circles, DateOnly? from = null, DateOnly? to = null, Market? market = null) =>
        [.. Plan.Reports.Where(r => circles.Contains(r.Circle) && (from is null || r.On >= from) && (to is null || r.On <= to) && (market is null || r.Market == market))];

    private static readonly DemoNetwork.Circle[] SeenByBelgians = [DemoNetwork.Circle.Shared, DemoNetwork.Circle.Belgian];
    private static readonly DemoNetwork.Circle[] SeenByDutch = [DemoNetwork.Circle.Shared, DemoNetwork.Circle.Dutch];

    private static string LabelOf(DemoNetwork.Actor a) => a.Name ?? a.Identifier!;

    private static Dictionary<string, HashSet<string>> Adjacency(IEnumerable<DemoNetwork.Report> reports)
    {
        var adj = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var r in reports)
        {
            (adj.TryGetValue(r.From, out var a) ? a : adj[r.From] = []).Add(r.To);
            (adj.TryGetValue(r.To, out var b) ? b : adj[r.To] = []).Add(r.From);
        }
        return adj;
    }

    private static int LargestComponent(Dictionary<string, HashSet<string>> adj, ISet<string> removed)
    {
        var seen = new HashSet<string>(removed, StringComparer.Ordinal);
        var largest = 0;
        foreach (var start in adj.Keys.Where(k => !seen.Contains(k)))
        {
            var queue = new Queue<string>([start]);
            seen.Add(start);
            var size = 0;
            while (queue.TryDequeue(out var v))
            {
                size++;
                foreach (var w in adj[v].Where(seen.Add))
                {
                    queue.Enqueue(w);
                }
            }
            largest = Math.Max(largest, size);
        }
        return largest;
    }

    private static string KeyOf(BuildNetwork.Node node) => Plan.Actors.Single(a => LabelOf(a) == node.Label).Key;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_never_sees_a_node_or_link_they_may_not_read_and_the_measures_follow(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var belgian = await BuildAsync(test, BelgianAnalyst, new BuildNetwork.Request());
        var dutch = await BuildAsync(test, DutchAnalyst, new BuildNetwork.Request());

        foreach (var (result, circles, hidden) in new[] { (belgian, SeenByBelgians, DemoNetwork.Circle.Dutch), (dutch, SeenByDutch, DemoNetwork.Circle.Belgian) })
        {
            var expected = Adjacency(Visible(circles));
            var keys = result.Nodes.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
            Assert.DoesNotContain(Plan.Actors.Where(a => a.Circle == hidden), a => keys.Contains(a.Key));
            Assert.Equal(expected.Values.Sum(v => v.Count) / 2, result.Edges.Count);
            foreach (var node in result.Nodes)
            {
                Assert.Equal(expected[KeyOf(node)].Count, node.Degree);
            }
            // Weight = supporting records: each visible report is one observation.
            Assert.Equal(Visible(circles).Count, result.Edges.Sum(e => e.Weight));
        }
        // The first broker has six more neighbours for the Belgians (their own circle), and more betweenness.
        var broker1 = Plan.Actors.Single(a => a.Key == "broker-1");
        var inBelgian = belgian.Nodes.Single(n => n.Label == broker1.Name);
        var inDutch = dutch.Nodes.Single(n => n.Label == broker1.Name);
        Assert.Equal(inDutch.Degree + 6, inBelgian.Degree);
        Assert.NotEqual(inDutch.Betweenness, inBelgian.Betweenness);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_network_of_persons_needs_a_purpose_and_its_consultation_is_logged(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        await Assert.ThrowsAsync<PurposeRequiredException>(() => BuildAsync(test, BelgianAnalyst with { Purpose = null }, new BuildNetwork.Request()));
        var result = await BuildAsync(test, BelgianAnalyst, new BuildNetwork.Request());
        await using var db = test.NewContext();
        var entry = await db.Set<AuditEntry>().Where(e => e.Action == AuditAction.Consultation).SingleAsync();
        Assert.Equal(("analyst.be-fedpol", "case BE-2026-041"), (entry.Actor, entry.Purpose));
        Assert.StartsWith("network:", entry.What, StringComparison.Ordinal);
        Assert.Contains($"{result.Nodes.Count(n => Subject.IsPersonal(n.Kind))} personal", entry.Detail, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_window_and_market_filters_keep_only_their_links_and_the_broker_changes_after_the_seizure(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        foreach (var phase in new[] { 1, 5 })
        {
            var (from, to) = (DemoNetwork.PhaseStart(phase), DemoNetwork.PhaseEnd(phase));
            var result = await BuildAsync(test, DutchAnalyst, new BuildNetwork.Request(from, to));
            var expected = Adjacency(Visible(SeenByDutch, from, to));
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), result.Nodes.Select(KeyOf).Order(StringComparer.Ordinal));
            Assert.Equal((from, to), (result.FirstDate <= from ? from : default, result.LastDate >= to ? to : default));
            var top = result.Nodes.MaxBy(n => n.Betweenness)!;
            Assert.Equal(phase == 1 ? "broker-1" : "broker-2", KeyOf(top));
            if (phase == 5)
            {
                Assert.DoesNotContain(result.Nodes, n => KeyOf(n) == "broker-1");
            }
        }
        var cannabis = await BuildAsync(test, DutchAnalyst, new BuildNetwork.Request(Market: Market.Cannabis));
        var keys = cannabis.Nodes.Select(KeyOf).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Adjacency(Visible(SeenByDutch, market: Market.Cannabis)).Keys.Order(StringComparer.Ordinal), keys);
        Assert.All(keys, k => Assert.True(k == "broker-2" || k.StartsWith("nl-distributor-", StringComparison.Ordinal), k));

        var heavy = await BuildAsync(test, DutchAnalyst, new BuildNetwork.Request(MinWeight: 6));
        Assert.All(heavy.Edges, e => Assert.True(e.Weight >= 6));
        Assert.NotEmpty(heavy.Edges);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Removing_the_broker_breaks_the_network_as_the_planted_reports_say(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var (from, to) = (DemoNetwork.PhaseStart(5), DemoNetwork.PhaseEnd(5));
        var network = await BuildAsync(test, DutchAnalyst, new BuildNetwork.Request(from, to));
        var broker = network.Nodes.Single(n => KeyOf(n) == "broker-2");

        await using var db = await test.NewContextAsync(DutchAnalyst);
        var result = await new SimulateRemoval.Handler(db, TimeProvider.System)
            .HandleAsync(new SimulateRemoval.Request(new BuildNetwork.Request(from, to), [broker.Id, -1]), None);

        var adj = Adjacency(Visible(SeenByDutch, from, to));
        Assert.Equal([broker.Id], result.Removed);
        Assert.Equal(LargestComponent(adj, new HashSet<string>()), result.Before.LargestComponent);
        Assert.Equal(LargestComponent(adj, new HashSet<string> { "broker-2" }), result.After.LargestComponent);
        Assert.True(result.After.LargestComponent < result.Before.LargestComponent);
        Assert.Equal(network.Nodes.Count - 1, result.After.Nodes);
        Assert.Equal(result.After.Nodes, result.ComponentsAfter.Sum(c => c.Size));
        Assert.DoesNotContain(result.ComponentsAfter, c => c.Members.Contains(broker.Id));
        Assert.True(result.After.Fragmentation > result.Before.Fragmentation);
        // Borgatti's F from the component sizes.
        var n = (double)result.After.Nodes;
        Assert.Equal(1 - (result.ComponentsAfter.Sum(c => (double)c.Size * (c.Size - 1)) / (n * (n - 1))), result.After.Fragmentation, 12);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_measures_keep_their_invariants_on_the_visible_graph_and_communities_are_the_same_on_every_request(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var first = await BuildAsync(test, BelgianAnalyst, new BuildNetwork.Request());
        var second = await BuildAsync(test, BelgianAnalyst, new BuildNetwork.Request());

        // PageRank is a distribution over the nodes the reader sees; eigenvector centrality has unit length.
        Assert.Equal(1.0, first.Nodes.Sum(n => n.PageRank), 9);
        Assert.Equal(1.0, Math.Sqrt(first.Nodes.Sum(n => n.Eigenvector * n.Eigenvector)), 9);
        Assert.All(first.Nodes, n =>
        {
            Assert.InRange(n.CoreNumber, 1, n.Degree);
            Assert.InRange(n.EffectiveSize, 0, n.Degree + 1e-9);
            Assert.True(n.Constraint > 0, $"{n.Label}: constraint {n.Constraint}");
        });
        // A leaf (one contact) is fully constrained; the first broker spans many unconnected contacts, so less.
        Assert.All(first.Nodes.Where(n => n.Degree == 1), n => Assert.Equal(1.0, n.Constraint, 9));
        var broker1 = first.Nodes.Single(n => KeyOf(n) == "broker-1");
        Assert.True(broker1.Constraint < 0.2, $"broker-1 constraint {broker1.Constraint}");

        var summary = first.Summary;
        Assert.Equal(2.0 * summary.Edges / (summary.Nodes * (summary.Nodes - 1.0)), summary.Density, 12);
        Assert.Equal(summary.Communities, first.Nodes.Select(n => n.Community).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, summary.Communities), first.Nodes.Select(n => n.Community).Distinct().Order());
        Assert.InRange(summary.Modularity, 0.3, 1.0);
        Assert.InRange(summary.DegreeCentralisation, 0.0, 1.0);
        // Fixed seed: the same network gets the same communities (and colours) on every request.
        Assert.Equal(first.Nodes.Select(n => (n.Id, n.Community)), second.Nodes.Select(n => (n.Id, n.Community)));
        Assert.Equal(summary, second.Summary);
        // Each cell of the demo network is one community with its head: the Antwerp cell members share the head's.
        var antwerp = first.Nodes.Where(n => KeyOf(n).StartsWith("antwerp-", StringComparison.Ordinal)).ToList();
        var head = antwerp.Single(n => KeyOf(n) == "antwerp-1").Community;
        Assert.True(antwerp.Count(n => n.Community == head) >= antwerp.Count - 2, "most of the Antwerp cell shares one community");

        // The Dutch see other actors: their PageRank sums to 1 over their own graph.
        var dutch = await BuildAsync(test, DutchAnalyst, new BuildNetwork.Request());
        Assert.Equal(1.0, dutch.Nodes.Sum(n => n.PageRank), 9);
        Assert.NotEqual(dutch.Nodes.Count, first.Nodes.Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_suggested_key_players_of_a_phase_include_its_broker_and_never_do_worse_than_the_textbook_removal(DatabaseProvider provider)
    {
        await using var test = await SeededAsync(provider);
        var (from, to) = (DemoNetwork.PhaseStart(5), DemoNetwork.PhaseEnd(5));
        var request = new BuildNetwork.Request(from, to);
        await using var db = await test.NewContextAsync(DutchAnalyst);
        var found = await new FindKeyPlayers.Handler(db, TimeProvider.System).HandleAsync(new FindKeyPlayers.Request(request, 2), None);
        var network = await new BuildNetwork.Handler(db, TimeProvider.System).HandleAsync(request, None);

        Assert.Null(found.Problem);
        Assert.Equal(2, found.Players.Count);
        Assert.Contains("broker-2", found.Players.Select(p => KeyOf(network.Nodes.Single(n => n.Id == p.Id))));
        // Every pair was tried (C(n,2) is small), so no pair fragments more; the textbook removal of two is a pair.
        Assert.True(found.Exhaustive);
        Assert.Equal(KeyPlayer.Combinations(network.Nodes.Count, 2), found.SetsEvaluated);
        Assert.Equal(network.Summary.Fragmentation, found.FragmentationBefore);

        var simulated = SimulateRemoval.Simulate(network, [.. found.Players.Select(p => p.Id)]);
        Assert.Equal(found.FragmentationAfter, simulated.After.Fragmentation, 12);
        Assert.Equal(3, simulated.Textbook.Count);
        Assert.Equal(3, simulated.Chosen.Count);
        Assert.Equal((0, (long?)null), (simulated.Textbook[0].Removed, simulated.Textbook[0].Entity));
        Assert.Equal(simulated.Before.Fragmentation, simulated.Textbook[0].Fragmentation);
        Assert.Equal(simulated.After.Fragmentation, simulated.Chosen[^1].Fragmentation);
        Assert.Equal(simulated.After.LargestComponent, simulated.Chosen[^1].LargestComponent);
        Assert.True(simulated.Chosen[^1].Fragmentation >= simulated.Textbook[^1].Fragmentation - 1e-12);
        // The textbook strategy starts with the actor of highest betweenness: the phase's broker.
        Assert.Equal("broker-2", KeyOf(network.Nodes.Single(n => n.Id == simulated.Textbook[1].Entity)));
        Assert.True(simulated.Textbook[2].Fragmentation >= simulated.Textbook[1].Fragmentation);

        await Assert.ThrowsAsync<ArgumentException>(() => new FindKeyPlayers.Handler(db, TimeProvider.System)
            .HandleAsync(new FindKeyPlayers.Request(request, FindKeyPlayers.MaxK + 1), None));
    }
}
