#!/usr/bin/env python3
"""A large feature store made outside GalaxyActors (numpy + h5py), for the scale benchmarks of docs/BENCHMARKS.md.

N rows of 512-d ReLU-like features: nine overlapping blobs in a 48-d latent space with a 1/sqrt(i) spectrum, mapped
by an orthonormal basis, stored as h5py would (gzip level 1 in 2,048-row chunks), the blob of each row as uint8
labels. Written in blocks of 100,000 rows, so 10^6 rows need ~0.5 GB of memory, not 2 GB.

  apt-get install -y python3-numpy python3-h5py
  python3 scripts/survey-store.py 1000000 /tmp/survey_1m.h5   # ~70 s, 1.7 GB
  galaxy run --features /tmp/survey_1m.h5 --features-dataset embeddings --labels-dataset galaxy_zoo_class --workers 2 --out /tmp/out
"""
import sys

import h5py
import numpy as np


def main(rows: int, path: str, seed: int = 5) -> None:
    rng = np.random.default_rng(seed)
    dimension, latent, blobs = 512, 48, 9
    basis = (np.linalg.qr(rng.normal(size=(dimension, latent)))[0].T * 3).astype(np.float32)
    spectrum = (1 / np.sqrt(np.arange(1, latent + 1))).astype(np.float32)
    centres = rng.normal(size=(blobs, latent)).astype(np.float32) * 0.7 * spectrum
    labels = rng.integers(0, blobs, rows)
    with h5py.File(path, "w") as f:
        features = f.create_dataset("embeddings", shape=(rows, dimension), dtype="f4", chunks=(min(2048, rows), dimension),
                                    compression="gzip", compression_opts=1)
        for start in range(0, rows, 100_000):
            count = min(100_000, rows - start)
            points = centres[labels[start:start + count]] + rng.normal(size=(count, latent)).astype(np.float32) * spectrum
            features[start:start + count] = np.maximum(points @ basis + 0.4, 0)
        f.create_dataset("galaxy_zoo_class", data=labels.astype(np.uint8))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: survey-store.py ROWS OUT.h5")
    main(int(sys.argv[1]), sys.argv[2])
