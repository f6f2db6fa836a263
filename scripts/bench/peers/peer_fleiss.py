"""Peer of `arbiter agreement --metric fleiss`: statsmodels' fleiss_kappa when installed, else the
same statistic with numpy (items x categories counts)."""
import sys

import numpy as np

from common import codes, read_ratings, report

items, raters, labels, reader = read_ratings(sys.argv[1])
ci, _ = codes(items)
cl, labels_index = codes(labels)
table = np.zeros((max(ci) + 1, len(labels_index)))
np.add.at(table, (np.array(ci), np.array(cl)), 1)
try:
    from statsmodels.stats.inter_rater import fleiss_kappa

    report("fleiss", fleiss_kappa(table), reader + ", statsmodels")
except ImportError:
    n_items = table.shape[0]
    m = table.sum(1)[0]
    p = table.sum(0) / (n_items * m)
    P = ((table * table).sum(1) - m) / (m * (m - 1))
    pbar = P.mean()
    pe = (p * p).sum()
    report("fleiss", (pbar - pe) / (1 - pe), reader + ", numpy (statsmodels not installed)")
