#!/usr/bin/python3
"""Reference values for the trend and change tests (tests/Waterline.Tests/Analytics/Displacement/trend_reference.json).

Independent implementation: the textbook formulas written directly in numpy 1.24 / scipy 1.10 (Debian python3-numpy,
python3-scipy), Kendall's tau from scipy.stats.kendalltau, and statsmodels 0.13.5 (Debian python3-statsmodels) for the
Poisson GLM, the NB2 maximum-likelihood fit (discrete NegativeBinomial, Newton) and the NB2 GLM standard errors.
pymannkendall is not packaged in Debian bookworm. Run from the repository root with ../shared beside it:

    /usr/bin/python3 scripts/reference/trend_reference.py > tests/Waterline.Tests/Analytics/Displacement/trend_reference.json

Conventions (the same as Waterline.Analytics.Displacement): time index 0, 1, ... unless stated; Mann-Kendall Z with the
continuity correction; Sen interval ranks round((N -/+ C)/2) (+1 for the upper), numpy round = half to even like R;
Pettitt/CUSUM/scan report the zero-based index of the last observation before the change.
"""
import csv, json, math, os
import numpy as np
from scipy import stats, optimize, special
import statsmodels.api as sm
import statsmodels

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'data', 'stats', 'trend')


def read(name):
    with open(os.path.join(DATA, name)) as f:
        return list(csv.DictReader(f))


def mann_kendall(y):
    y = np.asarray(y, float)
    n = len(y)
    s = sum(np.sign(y[j] - y[i]) for i in range(n - 1) for j in range(i + 1, n))
    _, t = np.unique(y, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - np.sum(t * (t - 1) * (2 * t + 5))) / 18.0
    z = (s - 1) / math.sqrt(var) if s > 0 else (s + 1) / math.sqrt(var) if s < 0 else 0.0
    tau = stats.kendalltau(np.arange(n), y).correlation
    return dict(s=float(s), var=float(var), z=float(z), p=float(2 * stats.norm.sf(abs(z))), tau=float(tau), n=n)


def sen_interval(slopes, var, conf=0.95):
    slopes = np.sort(np.asarray(slopes, float))
    n = len(slopes)
    c = stats.norm.ppf(1 - (1 - conf) / 2) * math.sqrt(var)
    lo = int(min(max(np.round((n - c) / 2), 1), n))
    up = int(min(max(np.round((n + c) / 2) + 1, 1), n))
    return float(np.median(slopes)), float(slopes[lo - 1]), float(slopes[up - 1]), n


def sen(y, t=None):
    y = np.asarray(y, float)
    t = np.arange(len(y), dtype=float) if t is None else np.asarray(t, float)
    slopes = [(y[j] - y[i]) / (t[j] - t[i]) for i in range(len(y) - 1) for j in range(i + 1, len(y))]
    slope, lo, up, n = sen_interval(slopes, mann_kendall(y)['var'])
    return dict(slope=slope, lower=lo, upper=up, intercept=float(np.median(y - slope * t)), pairs=n)


def seasonal(y, period):
    y = np.asarray(y, float)
    parts = [y[s::period] for s in range(period)]
    tests = [mann_kendall(p) for p in parts]
    s = sum(t['s'] for t in tests)
    var = sum(t['var'] for t in tests)
    z = (s - 1) / math.sqrt(var) if s > 0 else (s + 1) / math.sqrt(var) if s < 0 else 0.0
    pairs = sum(len(p) * (len(p) - 1) / 2 for p in parts)
    slopes = [(p[j] - p[i]) / (j - i) for p in parts for i in range(len(p) - 1) for j in range(i + 1, len(p))]
    slope, lo, up, n = sen_interval(slopes, var)
    cyc = np.concatenate([np.arange(len(p)) for p in parts])
    ys = np.concatenate(parts)
    return dict(mk=dict(s=s, var=var, z=z, p=float(2 * stats.norm.sf(abs(z))), tau=s / pairs),
                sen=dict(slope=slope, lower=lo, upper=up, intercept=float(np.median(ys - slope * cyc)), pairs=n))


def pettitt(y):
    y = np.asarray(y, float)
    n = len(y)
    u = np.array([np.sign(y[:t, None] - y[None, t:]).sum() for t in range(1, n)])
    k = int(np.argmax(np.abs(u)))
    K = float(abs(u[k]))
    return dict(last_before=k, k=K, p=float(min(1, 2 * math.exp(-6 * K * K / (n ** 3 + n ** 2)))),
                mean_before=float(y[:k + 1].mean()), mean_after=float(y[k + 1:].mean()))


def cusum(y):
    y = np.asarray(y, float)
    s = np.cumsum(y - y.mean())
    k = int(np.argmax(np.abs(s[:-1])))
    return dict(last_before=k, range=float(max(s.max(), 0) - min(s.min(), 0)))


def poisson_scan(y):
    y = np.asarray(y, float)
    n = len(y)
    ll = lambda seg: float(np.sum(stats.poisson.logpmf(seg, seg.mean()))) if seg.sum() > 0 else 0.0
    whole = ll(y)
    lr = np.array([2 * (ll(y[:k + 1]) + ll(y[k + 1:]) - whole) for k in range(n - 1)])
    k = int(np.argmax(lr))
    return dict(last_before=k, rate_before=float(y[:k + 1].mean()), rate_after=float(y[k + 1:].mean()), lr=float(lr[k]),
                nominal_p=float(stats.chi2.sf(lr[k], 1)), profile=lr.tolist())


def count_trend(y):
    y = np.asarray(y, float)
    X = sm.add_constant(np.arange(len(y), dtype=float))
    pois = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-14)
    chi2 = float(np.sum((y - pois.mu) ** 2 / pois.mu))

    def nll(theta):
        b0, b1, la = theta
        mu = np.exp(b0 + b1 * X[:, 1])
        a = math.exp(la)
        r = 1 / a
        return -np.sum(special.gammaln(y + r) - special.gammaln(r) - special.gammaln(y + 1) + y * np.log(a * mu / (1 + a * mu))
                       - r * np.log1p(a * mu))
    opt = optimize.minimize(nll, [pois.params[0], pois.params[1], math.log(0.1)], method='Nelder-Mead',
                            options=dict(xatol=1e-12, fatol=1e-14, maxiter=20000, maxfev=40000))
    opt = optimize.minimize(nll, opt.x, method='BFGS', options=dict(gtol=1e-10))
    nb = sm.NegativeBinomial(y, X, loglike_method='nb2').fit(start_params=list(opt.x[:2]) + [math.exp(opt.x[2])],
                                                             method='newton', maxiter=200, tol=1e-14, disp=0)
    alpha = float(nb.params[2])
    # The joint scipy optimum and statsmodels' Newton agree on the likelihood; statsmodels' Newton solution (score ~ 0) is recorded.
    assert abs(opt.fun + nb.llf) < 1e-8 and abs(alpha - math.exp(opt.x[2])) < 1e-3 * alpha, (nb.params, opt.x)
    assert np.max(np.abs(nb.model.score(nb.params))) < 1e-6, nb.model.score(nb.params)
    glm = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha)).fit(tol=1e-14)
    z = stats.norm.ppf(0.975)
    return dict(poisson=dict(intercept=float(pois.params[0]), slope=float(pois.params[1]), se=float(pois.bse[1]),
                             lower=float(pois.params[1] - z * pois.bse[1]), upper=float(pois.params[1] + z * pois.bse[1]),
                             loglik=float(pois.llf)),
                pearson_chi2=chi2, dispersion=chi2 / (len(y) - 2), overdispersion_p=float(stats.chi2.sf(chi2, len(y) - 2)),
                nb2=dict(intercept=float(nb.params[0]), slope=float(nb.params[1]), alpha=alpha, se=float(glm.bse[1]),
                         lower=float(nb.params[1] - z * glm.bse[1]), upper=float(nb.params[1] + z * glm.bse[1]),
                         loglik=float(nb.llf)))


def deseasonalise(y, period):
    y = np.asarray(y, float)
    out = y.copy()
    for s in range(period):
        out[s::period] = y[s::period] - y[s::period].mean() + y.mean()
    return out


nile = [float(r['flow']) for r in read('nile_annual_flow.csv')]
coal = [float(r['disasters']) for r in read('coal_disasters_annual.csv')]
drivers_rows = read('uk_drivers_killed_monthly.csv')
drivers = [float(r['drivers_killed']) for r in drivers_rows]
start = next(i for i, r in enumerate(drivers_rows) if r['year'] == '1977' and r['month'] == '1')
window = deseasonalise(drivers[start:], 12)

out = dict(
    versions=dict(numpy=np.__version__, scipy=__import__('scipy').__version__, statsmodels=statsmodels.__version__),
    nile=dict(mk=mann_kendall(nile), sen=sen(nile), pettitt=pettitt(nile), cusum=cusum(nile)),
    coal=dict(mk=mann_kendall(coal), sen=sen(coal), pettitt=pettitt(coal), scan=poisson_scan(coal), count_trend=count_trend(coal)),
    drivers=dict(mk=mann_kendall(drivers), seasonal=seasonal(drivers, 12),
                 pettitt_adjusted_all=pettitt(deseasonalise(drivers, 12)),
                 window_start_index=start, adjusted_window=window.tolist(),
                 pettitt_adjusted_window=pettitt(window), cusum_adjusted_window=cusum(window),
                 scan_raw_window={k: v for k, v in poisson_scan(drivers[start:]).items() if k != 'profile'},
                 count_trend=count_trend(drivers)),
)
print(json.dumps(out, indent=1))
