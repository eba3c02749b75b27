#!/usr/bin/python3
"""Reference values for the capture-recapture tests (tests/Waterline.Tests/Analytics/Estimation/mse_reference.json).

An independent implementation in numpy/scipy (Debian python3-numpy, python3-scipy), cross-checked against statsmodels' GLM
(Debian python3-statsmodels 0.13.5) wherever statsmodels can fit (it refuses exact fits as "perfect separation").
Run from the repository root with ../shared beside it:

    /usr/bin/python3 scripts/reference/mse_reference.py > tests/Waterline.Tests/Analytics/Estimation/mse_reference.json

Conventions (the same as Waterline.Analytics.Estimation): history bit k-1-i is list i; design = intercept, main effects,
interactions (columns 1 if the history is on every list of the term); Poisson log-linear fit on the 2^k-1 observed cells;
unseen = exp(intercept); AIC = -2 logL + 2p, BIC = -2 logL + p log(n) with n the observed total; zero cells whose fitted value
runs below 1e-7 are dropped (extended MLE; df and p stay nominal, as Rcapture) and the estimate exists only if the unseen row lies in the row space of the design over
the remaining cells; interval = Cormack (1992) multinomial profile likelihood, chi2(1) 95% cut.
"""
import csv, itertools, json, math, os, sys
import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2, norm
import statsmodels.api as sm

DATA = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'stats', 'mse')
CUT = chi2.ppf(0.95, 1) / 2


def read(name):
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.reader(f))
    lists = rows[0][:-1]
    k = len(lists)
    counts = np.zeros(2 ** k)
    for r in rows[1:]:
        h = sum(1 << (k - 1 - i) for i in range(k) if r[i] == '1')
        counts[h] += float(r[-1])
    return lists, counts


def design(k, terms, hs):
    return np.array([[1.0] + [1.0 if (h >> (k - 1 - i)) & 1 else 0.0 for i in range(k)]
                     + [1.0 if (h & t) == t else 0.0 for t in terms] for h in hs])


def irls(X, y):
    mu = y + 0.1
    eta = np.log(mu)
    dev = np.inf
    for _ in range(400):
        z = eta + (y - mu) / mu
        b = np.linalg.lstsq(X * np.sqrt(mu)[:, None], z * np.sqrt(mu), rcond=1e-13)[0]
        eta = X @ b
        mu = np.exp(eta)
        d = 2 * np.sum(np.where(y > 0, y * np.log(np.where(y > 0, y, 1) / mu), 0) - (y - mu))
        if abs(d - dev) <= 1e-12 * (abs(d) + 0.1):
            dev = d
            break
        dev = d
    return b, mu, dev


def rank(X):
    s = np.linalg.svd(X, compute_uv=False)
    return int(np.sum(s > s[0] * 1e-9))


def loglik(y, mu):
    return float(np.sum(np.where(y > 0, y * np.log(mu), 0) - mu - gammaln(y + 1)))


def profile(k, terms, cells, y, n, unseen):
    X = design(k, terms, [0] + cells)

    def ll(N):
        full = np.concatenate([[N - n], y])
        _, mu, _ = irls(X, full)
        return gammaln(N + 1) - gammaln(N - n + 1) + np.sum(np.where(full > 0, full * np.log(np.where(full > 0, mu, 1) / N), 0))

    c = math.log(max(unseen, 1e-6))
    best = None
    for lo, hi in [(c - 1.5, c + 1.5), (c - 6, c + 6), (c - 20, c + 10)]:
        r = minimize_scalar(lambda u: -ll(n + math.exp(u)), bounds=(lo, hi), method='bounded', options={'xatol': 1e-9})
        if r.x - lo > 1e-3 and hi - r.x > 1e-3:
            best = r
            break
    best = best or r
    lmax = max(-best.fun, ll(n))
    top = n if ll(n) >= lmax - 1e-12 else n + math.exp(best.x)
    drop = lambda N: lmax - ll(N) - CUT
    if drop(n) <= 0:
        lower = n
    else:
        lower = n + math.exp(brentq(lambda u: drop(n + math.exp(u)), math.log(1e-12), math.log(top - n), xtol=1e-12))
    prev, high = max(top - n, 1e-12), max(2 * (top - n), 1)
    upper = None
    for _ in range(80):
        if drop(n + high) > 0:
            upper = n + math.exp(brentq(lambda u: drop(n + math.exp(u)), math.log(prev), math.log(high), xtol=1e-12))
            break
        prev, high = high, high * 2
    return lower, upper


def fit(lists, counts, terms, with_interval=True):
    k = len(lists)
    cells = list(range(1, 2 ** k))
    y = counts[1:].copy()
    n = y.sum()
    X = design(k, terms, cells)
    p = X.shape[1]
    label = ','.join(':'.join(lists[i] for i in range(k) if t >> (k - 1 - i) & 1) for t in terms) or 'independence'
    out = {'model': label, 'parameters': p}
    if p > len(cells) or rank(X) < p:
        return dict(out, status='NotIdentifiable')
    b, mu, dev = irls(X, y)
    keep = [i for i in range(len(cells)) if y[i] > 0 or mu[i] >= 1e-7]
    status = 'Estimated'
    if len(keep) < len(cells):
        kept = [cells[i] for i in keep]
        XK = design(k, terms, kept)
        if rank(design(k, terms, kept + [0])) > rank(XK):
            return dict(out, status='Diverges')
        cells, y, X = kept, y[keep], XK
        b, mu, dev = irls(X, y)
        status = 'EstimatedOnBoundary'
    elif dev > 1e-8:
        # Cross-check with statsmodels where it fits (interior MLE, not an exact fit).
        r = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13, maxiter=400)
        assert abs(r.params[0] - b[0]) < 1e-7 and abs(r.deviance - dev) < 1e-7 * max(1, dev), label
    unseen = math.exp(b[0])
    cov = np.linalg.pinv(X.T @ (X * mu[:, None]), rcond=1e-13)
    ll = loglik(y, mu)
    out.update(status=status, parameters=p, unseen=unseen, total=n + unseen, deviance=dev, df=2 ** k - 1 - p,
               aic=-2 * ll + 2 * p, bic=-2 * ll + p * math.log(n), se=math.sqrt(unseen + unseen ** 2 * cov[0, 0]))
    if with_interval:
        lo, hi = profile(k, terms, cells, y, n, unseen)
        out.update(lower=lo, upper=hi)
    return out


def pairs(k):
    return [(1 << (k - 1 - i)) | (1 << (k - 1 - j)) for i in range(k) for j in range(i + 1, k)]


def parse(lists, text):
    k = len(lists)
    return [sum(1 << (k - 1 - lists.index(x)) for x in t.split(':')) for t in text.split(',') if t]


def order(terms):
    return sorted(terms, key=lambda t: (bin(t).count('1'), -t))


def stepwise(lists, counts, threshold=0.05):
    """Forward selection by likelihood-ratio test, pairs with no common case skipped (see ModelSelection.StepwiseFit)."""
    k = len(lists)
    cur, base, path = [], fit(lists, counts, [], False), []
    while True:
        best = None
        for p in pairs(k):
            overlap = sum(counts[h] for h in range(1, 2 ** k) if h & p == p)
            if p in cur or overlap == 0:
                continue
            terms = order(cur + [p])
            f = fit(lists, counts, terms, False)
            if f['status'].startswith('Estimated') and (best is None or base['deviance'] - f['deviance'] > best[0]):
                best = (base['deviance'] - f['deviance'], terms, f)
        if best is None or chi2.sf(best[0], 1) >= threshold:
            return fit(lists, counts, cur), path
        cur, base = best[1], best[2]
        path.append(best[2]['model'])


def chao(counts, k):
    f = np.zeros(k + 1)
    for h in range(1, 2 ** k):
        f[bin(h).count('1')] += counts[h]
    n = counts.sum()
    f1, f2 = f[1], f[2]
    unseen = f1 * f1 / (2 * f2)
    var = f2 * ((f1 / f2) ** 4 / 4 + (f1 / f2) ** 3 + (f1 / f2) ** 2 / 2)
    C = math.exp(norm.ppf(0.975) * math.sqrt(math.log(1 + var / unseen ** 2)))
    return {'total': n + unseen, 'se': math.sqrt(var), 'lower': n + unseen / C, 'upper': n + unseen * C}


def main():
    result = {'generator': 'scripts/reference/mse_reference.py (numpy %s, scipy, statsmodels %s)' % (np.__version__, sm.__version__),
              'tables': {}}
    for name in sorted(os.listdir(DATA)):
        if not name.endswith('.csv') or name.startswith('two_list'):
            continue
        lists, counts = read(name)
        k = len(lists)
        entry = {'lists': lists, 'observed': counts.sum(), 'models': []}
        if k <= 4:
            for r in range(len(pairs(k)) + 1):
                for chosen in itertools.combinations(pairs(k), r):
                    entry['models'].append(fit(lists, counts, order(list(chosen))))
        entry['chao'] = chao(counts, k)
        entry['stepwise'], entry['stepwise_path'] = stepwise(lists, counts)
        result['tables'][name] = entry
    # Named models the tests check one by one (selected models of the larger tables, the Darroch R3 models).
    named = {
        'uk_modern_slavery2013_5lists.csv': ['', 'LA:NG,LA:PFNCA,NG:GO,NG:GP,PFNCA:GP,GO:GP', 'LA:NG,LA:PFNCA,NG:PFNCA,PFNCA:GO',
                                             'LA:NG,LA:PFNCA,NG:PFNCA,NG:GP,PFNCA:GO'],
        'uk_modern_slavery2013_6lists.csv': ['', 'PF:NCA', 'LA:NG,LA:PF,NG:PF,PF:GO,PF:NCA'],
    }
    for name, models in named.items():
        lists, counts = read(name)
        for text in models:
            result['tables'][name]['models'].append(fit(lists, counts, order(parse(lists, text))))
    with open(os.path.join(DATA, 'two_list_luanda_msm.csv')) as f:
        row = list(csv.reader(f))[1]
    n1, n2, m = map(float, row)
    z = norm.ppf(0.975)
    lp = n1 * n2 / m
    lpv = n1 * n2 * (n1 - m) * (n2 - m) / m ** 3
    ch = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    chv = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    result['two_list'] = {'lincoln_petersen': {'total': lp, 'se': math.sqrt(lpv), 'wald': [lp - z * math.sqrt(lpv), lp + z * math.sqrt(lpv)]},
                          'chapman': {'total': ch, 'se': math.sqrt(chv), 'wald': [ch - z * math.sqrt(chv), ch + z * math.sqrt(chv)]}}
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == '__main__':
    main()
