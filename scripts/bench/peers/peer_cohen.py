"""Peer of `arbiter agreement --metric cohen`: scikit-learn's cohen_kappa_score when installed,
else the same statistic with numpy (confusion matrix, p_o and p_e)."""
import sys

import numpy as np

from common import codes, read_ratings, report

items, raters, labels, reader = read_ratings(sys.argv[1])
rater_names = sorted(set(raters))
first = {}
second = {}
for it, ra, la in zip(items, raters, labels):
    (first if ra == rater_names[0] else second)[it] = la
both = [it for it in first if it in second]
a = [first[it] for it in both]
b = [second[it] for it in both]
try:
    from sklearn.metrics import cohen_kappa_score

    report("cohen", cohen_kappa_score(a, b), reader + ", sklearn")
except ImportError:
    ca, index = codes(a + b)
    k = len(index)
    x = np.array(ca[: len(a)])
    y = np.array(ca[len(a):])
    table = np.zeros((k, k))
    np.add.at(table, (x, y), 1)
    n = table.sum()
    po = np.trace(table) / n
    pe = (table.sum(1) * table.sum(0)).sum() / (n * n)
    report("cohen", (po - pe) / (1 - pe), reader + ", numpy (scikit-learn not installed)")
