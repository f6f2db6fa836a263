"""Peer of the shared reader: parse an item,rater,label CSV (pandas.read_csv when installed, else
the csv module) and print one JSON line with the rows and the read's wall and CPU time."""
import json
import sys
import time

t0 = time.perf_counter()
c0 = time.process_time()
from common import read_ratings  # noqa: E402  (pandas' import is part of what a user pays)

items, raters, labels, reader = read_ratings(sys.argv[1])
sys.stdout.write(json.dumps({"rows": len(items), "ms": 1000 * (time.perf_counter() - t0), "cpuMs": 1000 * (time.process_time() - c0), "reader": reader}) + "\n")
