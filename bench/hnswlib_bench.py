#!/usr/bin/python3
"""hnswlib on a texmex data set, for comparison with Quiver (run by `bin/quiver bench`, or alone):

    /usr/bin/python3 bench/hnswlib_bench.py --data ../shared/datasets/fashion-mnist-10k [--efs 10,16,32] [--seconds 2]

Builds an L2 index with M=16, ef_construction=100 (all cores for the build), then queries one at a
time on ONE thread for about --seconds per ef, printing recall@10, queries/s and p50/p99 latency as
markdown rows: | hnswlib | ef | recall | qps (wall) | qps (thread CPU time) | p50 us | p99 us |. Needs Debian's python3-hnswlib and
python3-numpy, which live under /usr/bin/python3."""
import argparse
import time

import hnswlib
import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = raw[0]
    rows = raw.reshape(-1, dim + 1)[:, 1:]
    return rows.view(dtype) if dtype == np.float32 else rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--efs", default="10,16,24,32,48,64")
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    base = np.ascontiguousarray(read_vecs(f"{args.data}/base.fvecs", np.float32))
    queries = np.ascontiguousarray(read_vecs(f"{args.data}/query.fvecs", np.float32))
    truth = read_vecs(f"{args.data}/groundtruth.ivecs", np.int32)[:, :10]

    index = hnswlib.Index(space="l2", dim=base.shape[1])
    index.init_index(max_elements=base.shape[0], M=16, ef_construction=100, random_seed=100)
    t0 = time.perf_counter()
    index.add_items(base, np.arange(base.shape[0]))
    build = time.perf_counter() - t0
    print(f"hnswlib: build {build:.2f} s ({base.shape[0] / build:.0f} vectors/s, all cores), "
          f"queries below on one thread")
    index.set_num_threads(1)
    print("| index | ef | recall@10 | queries/s (wall) | queries/s (thread CPU) | p50 us | p99 us |")
    print("|---|---|---|---|---|---|---|")
    for ef in [int(e) for e in args.efs.split(",")]:
        index.set_ef(max(ef, 10))
        for q in queries[:100]:  # warm-up
            index.knn_query(q, k=10)
        hits = 0
        for i, q in enumerate(queries):
            labels, _ = index.knn_query(q, k=10)
            hits += len(set(labels[0].tolist()) & set(truth[i].tolist()))
        recall = hits / (10 * len(queries))
        lat = []
        cpu_start = time.thread_time()
        start = time.perf_counter()
        deadline = start + args.seconds
        while True:
            for q in queries:
                s = time.perf_counter()
                index.knn_query(q, k=10)
                lat.append(time.perf_counter() - s)
            if time.perf_counter() >= deadline:
                break
        elapsed = time.perf_counter() - start
        cpu = time.thread_time() - cpu_start
        lat.sort()
        p50 = lat[len(lat) // 2] * 1e6
        p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1e6
        print(f"| hnswlib | {ef} | {recall:.4f} | {len(lat) / elapsed:.0f} | {len(lat) / cpu:.0f} | {p50:.0f} | {p99:.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
