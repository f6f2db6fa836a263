"""Shared by the peer scripts of scripts/bench/formats.bench.ts: read an item,rater,label CSV the
way a Python user would (pandas.read_csv when pandas is installed, else the csv module) into
parallel lists, and say which reader was used."""
import sys


def read_ratings(path):
    try:
        import pandas as pd

        df = pd.read_csv(path, dtype=str)
        return list(df["item"]), list(df["rater"]), list(df["label"]), "pandas.read_csv"
    except ImportError:
        import csv

        items, raters, labels = [], [], []
        with open(path, newline="") as f:
            r = csv.reader(f)
            header = next(r)
            i, j, k = header.index("item"), header.index("rater"), header.index("label")
            for row in r:
                items.append(row[i])
                raters.append(row[j])
                labels.append(row[k])
        return items, raters, labels, "csv module (pandas not installed)"


def codes(values):
    index = {}
    return [index.setdefault(v, len(index)) for v in values], index


def report(name, value, reader):
    sys.stdout.write(f"{name} {value!r} via {reader}\n")
