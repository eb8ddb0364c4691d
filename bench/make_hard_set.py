#!/usr/bin/python3
"""A hard synthetic vector set in texmex format, shaped like text embeddings (unit vectors, cosine):

    /usr/bin/python3 bench/make_hard_set.py --out DIR [--n 100000] [--dim 100] [--queries 1000]
        [--clusters 2000] [--spread 1.3] [--seed 7]

Clusters of very unequal size (Zipf-like weights, as word frequencies are), each a centre ~ N(0, I) plus
isotropic noise of --spread per coordinate, then every vector scaled to unit length. With the noise as
large as the centres the neighbourhoods overlap in all dimensions at once (high intrinsic dimension),
which is what makes word-embedding sets hard for graph indexes; queries are fresh draws from the same
mixture. Writes base.fvecs, query.fvecs and groundtruth.ivecs (exact top-100 by inner product, which on
unit vectors is the cosine order and the euclidean order; ties by lower id). Needs Debian's python3-numpy."""
import argparse
import os

import numpy as np


def write_vecs(path, rows, dtype):
    rows = np.ascontiguousarray(rows, dtype=dtype)
    out = np.empty((rows.shape[0], rows.shape[1] + 1), dtype=np.int32)
    out[:, 0] = rows.shape[1]
    out[:, 1:] = rows.view(np.int32)
    out.tofile(path)


def draw(rng, n, centres, weights, spread):
    which = rng.choice(len(centres), size=n, p=weights)
    v = centres[which] + spread * rng.standard_normal((n, centres.shape[1]), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v.astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--clusters", type=int, default=2000)
    ap.add_argument("--spread", type=float, default=1.3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    centres = rng.standard_normal((args.clusters, args.dim), dtype=np.float32)
    weights = 1.0 / np.arange(1, args.clusters + 1) ** 0.8
    weights /= weights.sum()
    base = draw(rng, args.n, centres, weights, args.spread)
    queries = draw(rng, args.queries, centres, weights, args.spread)
    truth = np.empty((args.queries, 100), dtype=np.int32)
    for start in range(0, args.queries, 256):
        sims = queries[start:start + 256] @ base.T
        part = np.argpartition(-sims, 100, axis=1)[:, :100]
        for i, row in enumerate(part):
            order = np.lexsort((row, -sims[i, row]))  # by similarity, then lower id
            truth[start + i] = row[order]
    os.makedirs(args.out, exist_ok=True)
    write_vecs(os.path.join(args.out, "base.fvecs"), base, np.float32)
    write_vecs(os.path.join(args.out, "query.fvecs"), queries, np.float32)
    write_vecs(os.path.join(args.out, "groundtruth.ivecs"), truth, np.int32)
    with open(os.path.join(args.out, "README"), "w") as f:
        f.write(f"made by bench/make_hard_set.py {vars(args)}\n")
    print(f"{args.out}: {args.n} x {args.dim} unit vectors, {args.queries} queries, exact top-100")


if __name__ == "__main__":
    main()
