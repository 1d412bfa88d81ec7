#!/usr/bin/python3
"""The weight-sensitivity job done the usual way, in numpy: the peer of
bench_sensitivity for bench/compare.

    numpy_sensitivity.py [applicants=10000] [criteria=20] [draws=10000] [top=100] [seed=1]

Criterion scores on 0..1 (whole 1..5 ratings averaged over 3 assessors, as the
synthetic data has them), weights 1..3; each draw perturbs the weights
(Dirichlet, concentration 100 around the base shares), re-totals every
applicant (a matrix product, a block of draws at a time) and takes the top N
(argpartition, everyone tied with the N-th included); the result is how often
each applicant was shortlisted, the stable core (always) and the boundary
(sometimes). Prints one JSON line, like bench_sensitivity: the best of the
timed part is the caller's to take.
"""
import json
import sys
import time

import numpy as np


def main(applicants: int, criteria: int, draws: int, top: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = (rng.integers(1, 6, size=(applicants, criteria, 3)).mean(axis=2) - 1.0) / 4.0
    base = rng.integers(1, 4, size=criteria).astype(np.float64)
    base /= base.sum()
    start = time.perf_counter()
    counts = np.zeros(applicants, dtype=np.int64)
    block = max(1, min(draws, (64 << 20) // (8 * applicants)))  # about 64 MiB of totals
    for first in range(0, draws, block):
        n = min(block, draws - first)
        weights = rng.dirichlet(100.0 * base, size=n)  # n x criteria
        totals = scores @ weights.T  # applicants x n
        nth = np.partition(totals, applicants - top, axis=0)[applicants - top]
        counts += (totals >= nth).sum(axis=1)
    seconds = time.perf_counter() - start
    print(json.dumps({"name": "numpy_sensitivity", "n": applicants, "criteria": criteria,
                      "draws": draws, "top": top, "seconds": round(seconds, 4),
                      "stable_core": int((counts == draws).sum()),
                      "boundary": int(((counts > 0) & (counts < draws)).sum())}))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    defaults = [10000, 20, 10000, 100, 1]
    if len(args) > len(defaults) or any(a <= 0 for a in args):
        sys.exit("usage: numpy_sensitivity.py [applicants] [criteria] [draws] [top] [seed]")
    main(*(args + defaults[len(args):]))
