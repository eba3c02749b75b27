/* Times igraph's C core on the graph `waterline bench network` generated, for its side-by-side table.
 *
 * Built and run by `waterline bench network` when gcc and libigraph-dev (Debian) are present:
 *   gcc -O2 -o igraph_network_bench igraph_network_bench.c $(pkg-config --cflags --libs igraph)
 *   ./igraph_network_bench EDGES.bin SOURCES.bin
 * EDGES.bin: int32 little-endian, the node count, the edge count, then source,target per edge.
 * SOURCES.bin: int32 little-endian, the count, then the sampled betweenness sources.
 * Prints one JSON object of seconds per stage. igraph is single-threaded: these are one-core figures. */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int32_t *read_ints(const char *path, long *count) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    int32_t *data = malloc(bytes);
    if (fread(data, 1, bytes, f) != (size_t)bytes) { perror(path); exit(1); }
    fclose(f);
    *count = bytes / 4;
    return data;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s EDGES.bin SOURCES.bin\n", argv[0]); return 2; }
    long edge_ints, source_ints;
    int32_t *e = read_ints(argv[1], &edge_ints);
    int32_t *s = read_ints(argv[2], &source_ints);
    igraph_integer_t n = e[0], m = e[1];

    igraph_vector_int_t edges;
    igraph_vector_int_init(&edges, 2 * m);
    for (long k = 0; k < 2 * m; k++) VECTOR(edges)[k] = e[2 + k];
    igraph_t g;
    double t = now();
    igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED);
    double build = now() - t;

    igraph_vector_int_t membership, sizes;
    igraph_integer_t components;
    igraph_vector_int_init(&membership, 0);
    igraph_vector_int_init(&sizes, 0);
    t = now();
    igraph_connected_components(&g, &membership, &sizes, &components, IGRAPH_WEAK);
    double components_time = now() - t;

    igraph_vector_t rank;
    igraph_real_t value;
    igraph_vector_init(&rank, 0);
    t = now();
    igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &rank, &value, igraph_vss_all(), 0, 0.85, NULL, NULL);
    double pagerank = now() - t;

    igraph_vector_int_t source_ids;
    igraph_vector_int_init(&source_ids, s[0]);
    for (long k = 0; k < s[0]; k++) VECTOR(source_ids)[k] = s[1 + k];
    igraph_vs_t sources;
    igraph_vs_vector(&sources, &source_ids);
    igraph_vector_t betweenness;
    igraph_vector_init(&betweenness, 0);
    t = now();
    igraph_betweenness_subset(&g, &betweenness, igraph_vss_all(), 0, sources, igraph_vss_all(), NULL);
    double betweenness_time = now() - t;

    /* Modularity as igraph's own Python binding asks Leiden for it: node weights = degrees, resolution 1/2m; two
     * iterations, the default of igraph's Python and R bindings (the bench runs ours with two as well). */
    igraph_vector_t degrees;
    igraph_vector_int_t degree_ints;
    igraph_vector_int_init(&degree_ints, 0);
    igraph_degree(&g, &degree_ints, igraph_vss_all(), IGRAPH_ALL, 0);
    igraph_vector_init(&degrees, n);
    for (long v = 0; v < n; v++) VECTOR(degrees)[v] = VECTOR(degree_ints)[v];
    igraph_vector_int_t communities;
    igraph_vector_int_init(&communities, 0);
    igraph_integer_t community_count;
    igraph_real_t quality, modularity;
    igraph_rng_seed(igraph_rng_default(), 42);
    t = now();
    igraph_community_leiden(&g, NULL, &degrees, 1.0 / (2.0 * m), 0.01, 0, 2, &communities, &community_count, &quality);
    double leiden = now() - t;
    igraph_modularity(&g, &communities, NULL, 1.0, 0, &modularity);

    printf("{\"igraph\":\"%d.%d.%d\",\"build\":%.6f,\"components\":%.6f,\"components_count\":%ld,\"pagerank\":%.6f,"
           "\"betweenness_sampled\":%.6f,\"leiden\":%.6f,\"leiden_modularity\":%.6f,\"leiden_communities\":%ld}\n",
           IGRAPH_VERSION_MAJOR, IGRAPH_VERSION_MINOR, IGRAPH_VERSION_PATCH, build, components_time, (long)components,
           pagerank, betweenness_time, leiden, modularity, (long)community_count);
    return 0;
}
