"""Peer of the shared reader: parse an item,rater,label CSV (pandas.read_csv, or the csv module)."""
import sys

from common import read_ratings

items, raters, labels, reader = read_ratings(sys.argv[1])
sys.stdout.write(f"rows {len(items)} via {reader}\n")
