#!/usr/bin/env python3
"""Labels as other software stores them, written with h5py (the HDF5 C library), for tests/Core.Tests/Labels.

Run (from the repository root; needs only NumPy and h5py, Debian's python3):
    apt-get install -y python3-numpy python3-h5py
    /usr/bin/python3 scripts/reference/labels_variants.py

Writes tests/Core.Tests/TestData/Reference/labels-variants.h5: 12 tiny images (`images`, uint8 [12,16,16,3]) and
labels in the ways real catalogues keep them:
  * `ans`           Galaxy10-style: uint8 class ids 0..9, no names; two rows are 255, explained by a text note on
                    the dataset ("255 = unlabelled (no consensus)"), as a catalogue's README would;
  * `coarse`        int64 ids 0..3 with the names in a *file* attribute `coarse_names` (variable-length strings),
                    the held-out real set's layout; row 5 is -1 (no attribute says so: --unlabelled -1 must);
  * `gz_named`      int16 ids with their own dataset attribute `names` as fixed-length byte strings (numpy 'S');
  * `classes_csv`   int32 ids with a dataset attribute `class_names` holding one comma-separated string;
  * `marked`        int32 with an integer dataset attribute `unlabelled` = [7];
  * `one_class`     int32, every row 3 except two rows of 255 (with the same note as `ans`);
  * `short`         int32 with 10 entries for the 12 images;
  * `floats`        float32 labels (not class ids);
  * `matrix`        int32 [12,2].
"""
import os

import h5py
import numpy as np

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "tests", "Core.Tests", "TestData", "Reference", "labels-variants.h5")

rng = np.random.default_rng(7)
n = 12
with h5py.File(out, "w") as f:
    f.create_dataset("images", data=rng.integers(0, 256, size=(n, 16, 16, 3), dtype=np.uint8))
    ans = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 255], dtype=np.uint8)
    d = f.create_dataset("ans", data=ans)
    d.attrs["note"] = "Galaxy Zoo classes 0..9; 255 = unlabelled (no consensus)"
    f.create_dataset("coarse", data=np.array([0, 1, 2, 3, 0, -1, 1, 2, 3, 0, 1, 2], dtype=np.int64))
    f.attrs["coarse_names"] = np.array(["elliptical", "spiral", "edge-on disk", "merger"], dtype=object)
    d = f.create_dataset("gz_named", data=np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], dtype=np.int16))
    d.attrs["names"] = np.array([b"smooth", b"featured"], dtype="S8")
    d = f.create_dataset("classes_csv", data=np.array([0, 1, 2] * 4, dtype=np.int32))
    d.attrs["class_names"] = "round, cigar, disk"
    d = f.create_dataset("marked", data=np.array([0, 1, 7, 0, 1, 7, 0, 1, 7, 0, 1, 7], dtype=np.int32))
    d.attrs["unlabelled"] = np.array([7], dtype=np.int32)
    d = f.create_dataset("one_class", data=np.array([3] * 10 + [255, 255], dtype=np.int32))
    d.attrs["note"] = "255 = unlabelled"
    f.create_dataset("short", data=np.arange(10, dtype=np.int32))
    f.create_dataset("floats", data=np.zeros(n, dtype=np.float32))
    f.create_dataset("matrix", data=np.zeros((n, 2), dtype=np.int32))
print(out)
