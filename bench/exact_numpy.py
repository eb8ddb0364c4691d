#!/usr/bin/python3
"""numpy's exact euclidean top-k over the same array Quiver searches (run by `bin/quiver bench --exact`):

    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/exact_numpy.py --base FILE --queries FILE --dim D \
        [--batch 64] [--k 10] [--seconds 3]

FILE: raw little-endian float32 rows. Squared norms of the base are computed once beforehand (as an index
would keep them); then a query is |v|^2 - 2 v.q over the whole array (sgemv) and an argpartition for the k
best, and a batch is one matrix product base @ Q^T (sgemm, each pass over the array serves the whole
block) and an argpartition per query. Each figure is the best of five rounds. Prints markdown rows
| numpy | mode | threads | queries/s | queries/s without top-k |; threads is what OpenBLAS reports using.
Debian's OpenBLAS needs OPENBLAS_CORETYPE=SkylakeX to use AVX-512 on this kind of CPU."""
import argparse
import time

import numpy as np


def timed(fn, seconds, rounds=5):
    """Calls per second: the best of `rounds` rounds of seconds/rounds (as Quiver's side measures)."""
    fn()  # warm-up
    best = 0.0
    for _ in range(rounds):
        n, start = 0, time.perf_counter()
        while True:
            fn()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / rounds:
                break
        best = max(best, n / elapsed)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--dim", type=int, required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    base = np.fromfile(args.base, dtype="<f4").reshape(-1, args.dim)
    queries = np.fromfile(args.queries, dtype="<f4").reshape(-1, args.dim)
    norms = np.einsum("ij,ij->i", base, base)
    k = args.k
    try:
        from threadpoolctl import threadpool_info  # not on every machine
        threads = max(p["num_threads"] for p in threadpool_info())
    except Exception:
        import os
        threads = os.environ.get("OPENBLAS_NUM_THREADS", "all cores")
    state = {"i": 0}

    def single(topk):
        q = queries[state["i"] % len(queries)]
        state["i"] += 1
        d = norms - 2 * (base @ q)
        if topk:
            np.argpartition(d, k)[:k]

    block = queries[: args.batch]

    def batch(topk):
        d = norms[:, None] - 2 * (base @ block.T)
        if topk:
            np.argpartition(d, k, axis=0)[:k]

    s_top = timed(lambda: single(True), args.seconds)
    s_raw = timed(lambda: single(False), args.seconds)
    b_top = timed(lambda: batch(True), args.seconds) * len(block)
    b_raw = timed(lambda: batch(False), args.seconds) * len(block)
    print(f"| numpy | single | {threads} | {s_top:,.1f} | {s_raw:,.1f} |")
    print(f"| numpy | batch {len(block)} | {threads} | {b_top:,.1f} | {b_raw:,.1f} |")


if __name__ == "__main__":
    main()
