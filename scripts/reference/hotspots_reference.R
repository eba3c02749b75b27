# Reference values for the Hotspots statistics (tests/Waterline.Tests/Analytics/Hotspots), from R with spdep and surveillance.
# Run from the repository root:
#   Rscript scripts/reference/hotspots_reference.R > tests/Waterline.Tests/Analytics/Hotspots/hotspots_reference.json
# Reads ../shared/data/stats/spatial/columbus.* and ../shared/data/stats/knox/imdepi_events.csv.
suppressMessages({
  library(spdep)
  library(surveillance)
  library(sf)
  library(jsonlite)
})
data_dir <- file.path("..", "shared", "data", "stats")
if (!dir.exists(data_dir)) data_dir <- "/work/shared/data/stats"
spatial <- file.path(data_dir, "spatial")

columbus <- st_read(file.path(spatial, "columbus.geojson"), quiet = TRUE)
table <- read.csv(file.path(spatial, "columbus.csv"))
stopifnot(all(columbus$POLYID == 1:49), all(table$POLYID == 1:49))
crime <- columbus$CRIME
coords <- cbind(table$X, table$Y)

read_gal <- function(name) {
  nb <- read.gal(file.path(spatial, name))
  stopifnot(all(attr(nb, "region.id") == as.character(1:49)))
  nb
}
knn_k <- 4
nn1 <- unlist(nbdists(knn2nb(knearneigh(coords, 1)), coords))
band <- ceiling(max(nn1) * 100) / 100  # every area has at least one neighbour
sets <- list(
  queen = poly2nb(columbus, queen = TRUE),
  rook = poly2nb(columbus, queen = FALSE),
  anselin = read_gal("columbus_spdata_anselin.gal"),
  distance = dnearneigh(coords, 0, band),
  knn = knn2nb(knearneigh(coords, knn_k))
)
# The shipped exports are these poly2nb results.
stopifnot(isTRUE(all.equal(sets$queen, read_gal("columbus_queen.gal"), check.attributes = FALSE)))
stopifnot(isTRUE(all.equal(sets$rook, read_gal("columbus_rook.gal"), check.attributes = FALSE)))

unname_num <- function(v) as.numeric(unname(v))
# I(): keep one-neighbour rows as arrays under auto_unbox.
neighbours0 <- function(nb) lapply(nb, function(r) I(if (length(r) == 1 && r[1] == 0) integer(0) else as.integer(r - 1)))

global <- function(lw) {
  out <- list()
  for (rand in c(TRUE, FALSE)) {
    t <- moran.test(crime, lw, randomisation = rand, alternative = "two.sided")
    out[[if (rand) "randomisation" else "normality"]] <- list(
      I = unname_num(t$estimate[1]), expected = unname_num(t$estimate[2]), variance = unname_num(t$estimate[3]),
      z = unname_num(t$statistic), p = unname_num(t$p.value))
  }
  out
}
local_moran <- function(lw, conditional) {
  m <- localmoran(crime, lw, conditional = conditional)
  list(I = unname_num(m[, 1]), expected = unname_num(m[, 2]), variance = unname_num(m[, 3]), z = unname_num(m[, 4]), p = unname_num(m[, 5]))
}
local_g <- function(lw) {
  g <- localG(crime, lw, return_internals = TRUE)
  ints <- attr(g, "internals")
  list(G = unname_num(ints[, 1]), expected = unname_num(ints[, 2]), variance = unname_num(ints[, 3]), z = unname_num(ints[, 4]),
       p = unname_num(ints[, 5]))
}

weights <- list()
for (name in names(sets)) {
  nb <- sets[[name]]
  entry <- list(neighbours = neighbours0(nb), links = sum(card(nb)))
  for (style in c("W", "B")) {
    lw <- nb2listw(nb, style = style)
    lw_self <- nb2listw(include.self(nb), style = style)
    entry[[style]] <- list(
      moran = global(lw),
      local_moran_conditional = local_moran(lw, TRUE),
      local_moran_total = local_moran(lw, FALSE),
      gi = local_g(lw),
      gi_star = local_g(lw_self))
  }
  weights[[name]] <- entry
}

# Conditional permutation, x_i fixed, the other n-1 values drawn WITHOUT replacement (Anselin 1995), written out here as an
# independent check of the C# code; spdep 1.2-7's localG_perm / localmoran_perm draw WITH replacement (and for Gi* also
# replace x_i), so they are recorded beside it for the record.
set.seed(20260101)
nsim <- 9999
folded <- function(sim, obs) { above <- sum(sim >= obs); (min(above, nsim - above) + 1) / (nsim + 1) }
fold_both <- function(sim, obs, tol) (min(sum(sim >= obs - tol), sum(sim <= obs + tol)) + 1) / (nsim + 1)
nb <- sets$queen
n <- length(crime)
z <- crime - mean(crime)
m2 <- sum(z^2) / n
gi_star_perm <- numeric(n); moran_perm <- numeric(n)
for (i in 1:n) {
  nbr <- nb[[i]]; k <- length(nbr)
  others <- crime[-i]; zothers <- z[-i]
  draws <- replicate(nsim, sample.int(n - 1, k))
  if (k == 1) draws <- matrix(draws, nrow = 1)
  # Gi*, style W on include.self: weights 1/(k+1), x_i fixed.
  sim_g <- (crime[i] + colSums(matrix(others[draws], nrow = k))) / (k + 1)
  obs_g <- (crime[i] + sum(crime[nbr])) / (k + 1)
  gi_star_perm[i] <- fold_both(sim_g, obs_g, 1e-12 * (abs(obs_g) + 1))
  # local Moran, style W.
  sim_i <- (z[i] / m2) * colSums(matrix(zothers[draws], nrow = k)) / k
  obs_i <- (z[i] / m2) * sum(z[nbr]) / k
  moran_perm[i] <- fold_both(sim_i, obs_i, 1e-12 * (abs(obs_i) + 1))
}
lw <- nb2listw(nb, style = "W")
spdep_g_perm <- attr(localG_perm(crime, nb2listw(include.self(nb), style = "W"), nsim = nsim, iseed = 1), "internals")
spdep_i_perm <- localmoran_perm(crime, lw, nsim = nsim, iseed = 1)
mc <- moran.mc(crime, lw, nsim = nsim, alternative = "greater")
permutation <- list(
  weights = "queen", style = "W", nsim = nsim,
  gi_star_pseudo_p = gi_star_perm, local_moran_pseudo_p = moran_perm,
  spdep_localG_perm_folded = unname_num(spdep_g_perm[, "Pr(folded) Sim"]),
  spdep_localmoran_perm_folded = unname_num(spdep_i_perm[, "Pr(folded) Sim"]),
  moran_mc_p_greater = mc$p.value)

gstar_p <- weights$queen$W$gi_star$p
fdr <- list(p = gstar_p, bh = p.adjust(gstar_p, "BH"),
  example_p = c(0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04, NA), example_bh = p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04, NA), "BH"))

# Knox on the imdepi events: exact pair counts in R directly, surveillance::knox on the same closeness, and an event-time
# permutation p-value (times shuffled over places, B large) written out here.
events <- read.csv(file.path(data_dir, "knox", "imdepi_events.csv"))
ds <- dist(cbind(events$x_km, events$y_km))
dt <- dist(events$time_days)
npairs <- length(ds)
ij <- which(lower.tri(matrix(0, nrow(events), nrow(events))), arr.ind = TRUE)
knox_cases <- list()
B <- 9999
for (case in list(c(25, 7), c(50, 30), c(100, 14), c(10, 60))) {
  eps_s <- case[1]; eps_t <- case[2]
  close_s <- as.vector(ds) <= eps_s
  close_t <- as.vector(dt) <= eps_t
  both <- sum(close_s & close_t)
  # capture.output: plapply prints a progress bar to stdout.
  invisible(capture.output(k <- knox(dt = dt, ds = ds, eps.t = eps_t, eps.s = eps_s, simulate.p.value = TRUE, B = 999)))
  stopifnot(k$statistic == both)
  pi <- ij[close_s, 1]; pj <- ij[close_s, 2]
  perm <- vapply(seq_len(B), function(b) { tt <- sample(events$time_days); sum(abs(tt[pi] - tt[pj]) <= eps_t) }, numeric(1))
  knox_cases[[length(knox_cases) + 1]] <- list(
    distance = eps_s, days = eps_t,
    close_both = both, close_space_only = sum(close_s & !close_t), close_time_only = sum(!close_s & close_t),
    neither = sum(!close_s & !close_t), pairs = npairs,
    expected = sum(close_s) * sum(close_t) / npairs,
    surveillance_expected = unname_num(k$null.value), surveillance_p_simulated = unname_num(k$p.value),
    surveillance_p_poisson = unname_num(ppois(k$statistic - 1, k$null.value, lower.tail = FALSE)),
    event_time_permutations = B, event_time_p = (sum(perm >= both) + 1) / (B + 1))
}

# Near-repeat table: pairs by distance band and time band (upper edges, first band with value <= edge), expected = mean
# over event-time permutations.
d_edges <- c(10, 25, 50, 100); t_edges <- c(7, 14, 30, 60)
band_of <- function(v, edges) { b <- findInterval(v, edges, left.open = TRUE) + 1; ifelse(b > length(edges), NA, b) }
near_s <- as.vector(ds) <= max(d_edges)
pi <- ij[near_s, 1]; pj <- ij[near_s, 2]
dband <- band_of(as.vector(ds)[near_s], d_edges)
count_table <- function(tt) {
  tb <- band_of(abs(tt[pi] - tt[pj]), t_edges)
  ok <- !is.na(tb)
  tabulate((dband[ok] - 1) * length(t_edges) + tb[ok], nbins = length(d_edges) * length(t_edges))
}
observed <- count_table(events$time_days)
sims <- vapply(seq_len(B), function(b) count_table(sample(events$time_days)), numeric(length(observed)))
near_repeat <- list(distance_bands = d_edges, day_bands = t_edges, permutations = B,
  observed = matrix(observed, nrow = length(d_edges), byrow = TRUE),
  expected = matrix(rowMeans(sims), nrow = length(d_edges), byrow = TRUE),
  sd = matrix(apply(sims, 1, sd), nrow = length(d_edges), byrow = TRUE),
  p = matrix((rowSums(sims >= observed) + 1) / (B + 1), nrow = length(d_edges), byrow = TRUE))

out <- list(
  script = "scripts/reference/hotspots_reference.R",
  r = R.version.string, spdep = as.character(packageVersion("spdep")), surveillance = as.character(packageVersion("surveillance")),
  sf = as.character(packageVersion("sf")),
  columbus = list(value = "CRIME", distance_band = band, knn = knn_k, weights = weights),
  permutation = permutation, fdr = fdr, knox = knox_cases, near_repeat = near_repeat)
cat(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", pretty = FALSE), "\n")
