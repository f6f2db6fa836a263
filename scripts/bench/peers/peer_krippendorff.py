"""Peer of `arbiter agreement --metric krippendorff` (nominal): the numpy method of
fast-krippendorff (the `krippendorff` package) when installed, else the same method written out:
a units x values count matrix, the coincidence matrix from it, alpha = 1 - D_o / D_e."""
import sys

import numpy as np

from common import codes, read_ratings, report

items, raters, labels, reader = read_ratings(sys.argv[1])
ci, _ = codes(items)
cr, _ = codes(raters)
cl, labels_index = codes(labels)
try:
    import krippendorff

    data = np.full((max(cr) + 1, max(ci) + 1), np.nan)
    data[np.array(cr), np.array(ci)] = np.array(cl, dtype=float)
    report("krippendorff", krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), reader + ", krippendorff package")
except ImportError:
    counts = np.zeros((max(ci) + 1, len(labels_index)))
    np.add.at(counts, (np.array(ci), np.array(cl)), 1)
    m = counts.sum(1)
    counts = counts[m >= 2]
    m = m[m >= 2]
    # o_ck = sum_u n_uc (n_uk - [c == k]) / (m_u - 1)
    weighted = counts / (m - 1)[:, None]
    o = weighted.T @ counts - np.diag(weighted.sum(0))
    n_c = o.sum(0)
    n = n_c.sum()
    delta = 1 - np.eye(len(n_c))
    d_o = (o * delta).sum()
    d_e = (np.outer(n_c, n_c) * delta).sum()
    report("krippendorff", 1 - (n - 1) * d_o / d_e, reader + ", numpy method (krippendorff package not installed)")
