#!/usr/bin/python3
"""Reference values for Waterline's community detection (tests/Waterline.Tests/Analytics/Networks/CommunitiesTests.cs).

Run from the repository root with Debian's Python (networkx 2.8.8, python-igraph 0.10.2, leidenalg 0.9.1):

    /usr/bin/python3 scripts/reference/networks_communities.py [RUNS]

For every one-mode network in ../shared/data/networks, undirected, unweighted and weighted, built with Waterline's
conventions (Graph.cs: loops dropped; a symmetric matrix read from its upper triangle; otherwise cell (i,j) + cell (j,i);
an edge list sums repeated and reversed pairs; unweighted = a tie wherever the weight is positive; node order = matrix
order or first appearance in the edge list), it records the best modularity over RUNS (default 1000) leidenalg runs
with seeds 0..RUNS-1 (and the mean and worst single run), and networkx's community.modularity of a few partitions. Also Zachary's karate club
(networkx karate_club_graph, written to Reference/karate.csv), whose optimum 0.4197896 is known (Brandes et al. 2008).
"""
import csv
import json
import os
import sys

import igraph as ig
import leidenalg as la
import networkx as nx
from networkx.algorithms import community as nxc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "networks")
if not os.path.isdir(DATA):
    DATA = "/work/shared/data/networks"
OUT = os.path.join(ROOT, "tests", "Waterline.Tests", "Analytics", "Networks", "Reference")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000

MATRICES = [
    *[f"caviar/phase{i}.csv" for i in range(1, 12)], "caviar/caviar_all_phases_110.csv",
    "morselli/cielnet.csv", "morselli/siren.csv", "morselli/togo.csv",
    "natarajan/cocaine.csv", "natarajan/heroin.csv", "ndrangheta/oversize_wiretap_subset.csv",
    "spain_cocaine/cocaine_acero.csv", "spain_cocaine/cocaine_jake.csv", "spain_cocaine/cocaine_juanes.csv",
    "spain_cocaine/cocaine_mambo.csv", "gangs/london_gang.csv", "gangs/italian_gangs.csv", "gangs/montreal_gangs.csv",
    "drugnet/drugnet.csv",
]
EDGE_LISTS = ["montagna/Montagna_meetings_edgelist.csv", "montagna/Montagna_phonecalls_edgelist.csv"]


def read_matrix(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    n = len(rows[0]) - 1
    m = [[float(x) if x.strip() else 0.0 for x in r[1:]] for r in rows[1:]]
    symmetric = all(m[i][j] == m[j][i] for i in range(n) for j in range(n))
    pairs = {}
    for i in range(n):
        for j in range(n):
            if i == j or m[i][j] <= 0 or (symmetric and j < i):
                continue
            key = (min(i, j), max(i, j))
            pairs[key] = pairs.get(key, 0.0) + m[i][j]
    return n, pairs


def read_edges(path):
    index, pairs = {}, {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            u, v = (index.setdefault(p, len(index)) for p in parts[:2])
            w = float(parts[2]) if len(parts) > 2 else 1.0
            if u == v or w <= 0:
                continue
            key = (min(u, v), max(u, v))
            pairs[key] = pairs.get(key, 0.0) + w
    return len(index), pairs


def graphs(n, pairs, weighted):
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for (u, v), w in pairs.items():
        g.add_edge(u, v, weight=w if weighted else 1.0)
    h = ig.Graph(n=n, edges=list(pairs.keys()))
    h.es["weight"] = [w if weighted else 1.0 for w in pairs.values()]
    return g, h


def as_sets(membership):
    groups = {}
    for v, c in enumerate(membership):
        groups.setdefault(c, set()).add(v)
    return list(groups.values())


def record(name, n, pairs, weighted):
    g, h = graphs(n, pairs, weighted)
    best, best_membership, best_seed = -1.0, None, None
    qualities = []
    for seed in range(RUNS):
        p = la.find_partition(h, la.ModularityVertexPartition, weights="weight", n_iterations=-1, seed=seed)
        qualities.append(p.quality())
        if p.quality() > best + 1e-12:
            best, best_membership, best_seed = p.quality(), list(p.membership), seed
    partitions = {
        "leiden_best": best_membership,
        "modulo_3": [v % 3 for v in range(n)],
        "halves": [0 if v < n // 2 else 1 for v in range(n)],
    }
    return {
        "network": name, "weighted": weighted, "nodes": n, "edges": len(pairs),
        "best_modularity": nxc.modularity(g, as_sets(best_membership), weight="weight"),
        "best_seed": best_seed,
        "mean_modularity": sum(qualities) / len(qualities),
        "worst_modularity": min(qualities),
        "partitions": [
            {"name": k, "membership": m, "modularity": nxc.modularity(g, as_sets(m), weight="weight")}
            for k, m in partitions.items()
        ],
    }


def main():
    results = []
    karate = nx.karate_club_graph()
    with open(os.path.join(OUT, "karate.csv"), "w", newline="") as f:
        f.write("source,target\n")
        for u, v in sorted((min(a, b), max(a, b)) for a, b in karate.edges()):
            f.write(f"{u},{v}\n")
    karate_pairs = {(min(a, b), max(a, b)): 1.0 for a, b in karate.edges()}
    results.append(record("karate", karate.number_of_nodes(), karate_pairs, False))
    for rel in MATRICES + EDGE_LISTS:
        path = os.path.join(DATA, rel)
        n, pairs = read_edges(path) if rel in EDGE_LISTS else read_matrix(path)
        for weighted in (False, True):
            results.append(record(rel, n, pairs, weighted))
            print(rel, weighted, results[-1]["best_modularity"], file=sys.stderr)
    doc = {
        "command": "/usr/bin/python3 scripts/reference/networks_communities.py " + str(RUNS),
        "versions": {"python": sys.version.split()[0], "networkx": nx.__version__, "igraph": ig.__version__,
                     "leidenalg": la.version},
        "runs_per_network": RUNS,
        "karate_optimum": 0.4197896,
        "karate_optimum_source": "Brandes et al. (2008), On modularity clustering, IEEE TKDE 20(2):172-188",
        "networks": results,
    }
    with open(os.path.join(OUT, "leiden_best.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
