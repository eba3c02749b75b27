#!/usr/bin/python3
"""Reference values for the network measures of src/Waterline.Analytics/Networks, computed by networkx.

Run from the repository root, with Debian's python3-networkx (2.8.8) for /usr/bin/python3:

    /usr/bin/python3 scripts/reference/networks_measures.py

Reads every network in ../shared/data/networks (except the 2-mode Infinito file), builds each graph with Waterline's
conventions (Graph.cs: loops dropped; undirected folding sums both directions; a symmetric matrix is read once;
parallel edge-list rows are summed; unweighted = binary; weights <= 0 are not edges) and writes
tests/Waterline.Tests/Analytics/Networks/Reference/networkx_measures.json.

Variants per network: "undirected" (binary), "undirected_weighted" (when some tie value is not 1),
"directed" and "directed_weighted" (when the matrix is asymmetric). Path measures take weights as lengths
(networkx's weight / distance arguments); degree-type measures take them as strengths.
"""
import csv
import json
import math
import os
import sys

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "networks")
OUT = os.path.join(ROOT, "tests", "Waterline.Tests", "Analytics", "Networks", "Reference", "networkx_measures.json")

FILES = (
    [f"caviar/phase{i}.csv" for i in range(1, 12)]
    + ["caviar/caviar_all_phases_110.csv", "morselli/cielnet.csv", "morselli/siren.csv", "morselli/togo.csv",
       "natarajan/cocaine.csv", "natarajan/heroin.csv", "ndrangheta/oversize_wiretap_subset.csv",
       "montagna/Montagna_meetings_edgelist.csv", "montagna/Montagna_phonecalls_edgelist.csv",
       "spain_cocaine/cocaine_acero.csv", "spain_cocaine/cocaine_jake.csv", "spain_cocaine/cocaine_juanes.csv",
       "spain_cocaine/cocaine_mambo.csv", "gangs/london_gang.csv", "gangs/italian_gangs.csv",
       "gangs/montreal_gangs.csv", "drugnet/drugnet.csv"]
)
TIGHT = 1e-13  # iterative measures run to this tolerance (networkx's criterion: sum |x - x_prev| < n * tol)


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        f.seek(0)
        delimiter = "\t" if "\t" in first else (";" if ";" in first and "," not in first else ",")
        return [[c.strip() for c in row] for row in csv.reader(f, delimiter=delimiter) if row and any(c.strip() for c in row)]


def number(cell):
    return float(cell) if cell else 0.0


def read(path):
    """Returns (labels, arcs) with arcs a list of (i, j, w) as stated in the file, and whether it is a matrix."""
    rows = read_rows(path)
    if rows[0][0] == "" and len(rows) - 1 == len(rows[0]) - 1:
        labels = rows[0][1:]
        matrix = [[number(c) for c in row[1:]] for row in rows[1:]]
        return labels, matrix, None
    index, labels, edges = {}, [], []

    def node(label):
        if label not in index:
            index[label] = len(labels)
            labels.append(label)
        return index[label]

    for row in rows:
        w = number(row[2]) if len(row) > 2 and row[2] else 1.0
        edges.append((node(row[0]), node(row[1]), w))
    return labels, None, edges


def build(n, matrix, edges, directed, weighted):
    """Waterline's Graph.FromMatrix / FromEdges conventions."""
    arcs = []
    if matrix is not None:
        symmetric = all(matrix[i][j] == matrix[j][i] for i in range(n) for j in range(i + 1, n))
        for i in range(n):
            for j in range(n):
                if matrix[i][j] > 0 and i != j and (directed or not symmetric or j > i):
                    arcs.append((i, j, matrix[i][j]))
    else:
        arcs = [(u, v, w) for u, v, w in edges if u != v and w > 0]
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for u, v, w in arcs:
        if G.has_edge(u, v):
            if weighted:
                G[u][v]["weight"] += w
        else:
            G.add_edge(u, v, weight=w if weighted else 1.0)
    return G


def clean(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def column(G, values):
    return [clean(float(values[v])) for v in range(G.number_of_nodes())]


def freeman(values, denominator):
    top = max(values)
    return sum(top - x for x in values) / denominator


def measures(G, weighted):
    n = G.number_of_nodes()
    w = "weight" if weighted else None
    m = {}
    r = {"nodes": n, "edges": G.number_of_edges()}
    if G.is_directed():
        m["in_degree"] = column(G, dict(G.in_degree(weight=w)))
        m["out_degree"] = column(G, dict(G.out_degree(weight=w)))
    else:
        m["degree"] = column(G, dict(G.degree(weight=w)))
    if not weighted:
        m["degree_centrality"] = column(G, nx.degree_centrality(G))
    m["betweenness"] = column(G, nx.betweenness_centrality(G, normalized=True, weight=w))
    m["closeness"] = column(G, nx.closeness_centrality(G, distance=w, wf_improved=True))
    m["harmonic"] = column(G, nx.harmonic_centrality(G, distance=w))
    try:
        m["eigenvector"] = column(G, nx.eigenvector_centrality(G, max_iter=200000, tol=TIGHT, weight=w))
    except nx.PowerIterationFailedConvergence:
        r["eigenvector_failed"] = True
    m["pagerank"] = column(G, nx.pagerank(G, alpha=0.85, max_iter=100000, tol=TIGHT, weight=w))
    if not G.is_directed():
        m["clustering"] = column(G, nx.clustering(G, weight=w))
        r["average_clustering"] = nx.average_clustering(G, weight=w)
        m["constraint"] = column(G, nx.constraint(G, weight=w))
        m["effective_size"] = column(G, nx.effective_size(G, weight=w))
        r["assortativity"] = clean(nx.degree_assortativity_coefficient(G, weight=w))
        if not weighted:
            m["core_number"] = column(G, nx.core_number(G))
            largest = max(nx.connected_components(G), key=len)
            H = G.subgraph(largest)
            ecc = nx.eccentricity(H)
            m["eccentricity"] = [ecc.get(v) for v in range(n)]
            r["diameter"] = nx.diameter(H)
            r["largest_component"] = len(largest)
            if n > 2:
                # Freeman (1979): sum of (max - value) over the maximum of that sum, reached by the star on n nodes.
                degree = [d for _, d in sorted(G.degree())]
                r["degree_centralisation"] = freeman(degree, (n - 1) * (n - 2))
                r["betweenness_centralisation"] = freeman(m["betweenness"], n - 1)
                r["closeness_centralisation"] = freeman(m["closeness"], (n - 1) * (n - 2) / (2 * n - 3))
    else:
        r["assortativity"] = clean(nx.degree_assortativity_coefficient(G, x="out", y="in", weight=w))
    return {"graph": r, "measures": m}


def main():
    out = {
        "generated_by": "/usr/bin/python3 scripts/reference/networks_measures.py",
        "networkx": nx.__version__,
        "python": sys.version.split()[0],
        "iterative_tolerance": TIGHT,
        "networks": {},
    }
    for name in FILES:
        labels, matrix, edges = read(os.path.join(DATA, name))
        n = len(labels)
        if matrix is not None:
            values = {x for row in matrix for x in row if x > 0}
            asymmetric = any(matrix[i][j] != matrix[j][i] for i in range(n) for j in range(i + 1, n))
        else:
            values = {e[2] for e in edges}
            asymmetric = False  # Montagna's lists state calls and meetings between pairs; read as undirected
        has_weights = values != {1.0}
        variants = {"undirected": (False, False)}
        if has_weights:
            variants["undirected_weighted"] = (False, True)
        if asymmetric:
            variants["directed"] = (True, False)
            if has_weights:
                variants["directed_weighted"] = (True, True)
        entry = {"labels": labels}
        for variant, (directed, weighted) in variants.items():
            entry[variant] = measures(build(n, matrix, edges, directed, weighted), weighted)
        out["networks"][name] = entry
        print(name, n, list(variants), file=sys.stderr)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
