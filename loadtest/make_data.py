#!/usr/bin/env python3
"""The data set loadtest/run.sh and the hey scripts load into Quiver before a run.

    python3 loadtest/make_data.py --out DIR [--keys 100000] [--vectors 10000] [--fashion DIR]

Writes, in DIR:
  pairs.txt      KEYS key-value pairs for `quiver serve --load` ("lt:key:00000042 <64 characters>")
  keys.txt       the same keys, one a line: Locust's GETs pick from them at random
  base.fvecs     VECTORS vectors for `--vector-import`: the first VECTORS of the Fashion-MNIST base
                 when --fashion names a texmex directory, else clustered Gaussian vectors (64 dimensions)
  queries.fvecs  the query vectors searches draw from (that set's queries, or 200 more draws)
  source.txt     one line saying which vectors these are
Seeded: the same arguments give the same files. Standard library only (no numpy)."""
import argparse
import os
import random
import string
import struct


def write_keys(out, n, rng):
    alphabet = string.ascii_letters + string.digits
    with open(os.path.join(out, "pairs.txt"), "w") as pairs, open(os.path.join(out, "keys.txt"), "w") as keys:
        for i in range(n):
            key = f"lt:key:{i:08d}"
            value = "".join(rng.choice(alphabet) for _ in range(64))
            pairs.write(f"{key} {value}\n")
            keys.write(key + "\n")


def copy_fvecs(src, dst, limit):
    """The first `limit` rows of a texmex .fvecs file (all when limit is None)."""
    with open(src, "rb") as f:
        head = f.read(4)
        dim = struct.unpack("<i", head)[0]
        row = 4 + 4 * dim
        f.seek(0)
        data = f.read() if limit is None else f.read(row * limit)
    with open(dst, "wb") as out:
        out.write(data)
    return len(data) // row, dim


def write_fvecs(path, vectors):
    with open(path, "wb") as out:
        for v in vectors:
            out.write(struct.pack("<i", len(v)))
            out.write(struct.pack(f"<{len(v)}f", *v))


def synthetic(n, dim, rng, centres):
    rows = []
    for _ in range(n):
        c = centres[rng.randrange(len(centres))]
        rows.append([x + rng.gauss(0, 0.5) for x in c])
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keys", type=int, default=100_000)
    ap.add_argument("--vectors", type=int, default=10_000)
    ap.add_argument("--fashion", help="a texmex directory (base.fvecs, query.fvecs) to take vectors from")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(42)
    write_keys(args.out, args.keys, rng)
    if args.fashion and os.path.isfile(os.path.join(args.fashion, "base.fvecs")):
        n, dim = copy_fvecs(os.path.join(args.fashion, "base.fvecs"), os.path.join(args.out, "base.fvecs"), args.vectors)
        q, _ = copy_fvecs(os.path.join(args.fashion, "query.fvecs"), os.path.join(args.out, "queries.fvecs"), None)
        source = f"Fashion-MNIST: the first {n} base vectors of {args.fashion} ({dim} dimensions), its {q} queries"
    else:
        dim = 64
        centres = [[rng.gauss(0, 1) for _ in range(dim)] for _ in range(50)]
        write_fvecs(os.path.join(args.out, "base.fvecs"), synthetic(args.vectors, dim, rng, centres))
        write_fvecs(os.path.join(args.out, "queries.fvecs"), synthetic(200, dim, rng, centres))
        source = f"synthetic: {args.vectors} clustered Gaussian vectors of {dim} dimensions, 200 queries (seed 42)"
    with open(os.path.join(args.out, "source.txt"), "w") as f:
        f.write(f"{args.keys} keys with 64-byte values; vectors: {source}\n")


if __name__ == "__main__":
    main()
