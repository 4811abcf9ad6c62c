#!/usr/bin/env python3
"""Reference centre crop + bilinear resize, independent of GalaxyActors' code, for tests/Core.Tests.

Run (from the repository root; needs only NumPy and h5py, Debian's python3):
    apt-get install -y python3-numpy python3-h5py
    /usr/bin/python3 scripts/reference/center_crop_resize.py

Reads a few images of ../shared/fixtures/galaxy10-layout-64.h5 (`images`, uint8 [64,69,69,3]) and writes
tests/Core.Tests/TestData/Reference/center-crop-resize.h5 with, for each crop fraction F and target size S,
a float32 dataset `crop{F}/size{S}` [n, 3, R, S] (NCHW, RGB, the 0..255 scale, no normalisation) holding output
rows `rows` (attribute, int32 [R]) of images `images` (attribute, int32 [n]) of the fixture: all rows at 96 px;
at 224 px every 7th row and the last, to keep the committed file small (the first and last rows, where the
samples are clamped, are among them).

The operations, written here from their definitions (do not replace them by calls into the project):
  * centre crop as torchvision's CenterCrop, with the side taken from a fraction:
      crop side c = round(F * side)            (Python round: half to even; F * side in float64)
      top/left    = int(round((side - c) / 2.0)) (torchvision.transforms.functional.center_crop)
  * bilinear resize of the crop, half-pixel centres (align_corners=False), samples clamped to the crop's
    edge, no antialiasing (PyTorch F.interpolate(mode="bilinear", align_corners=False, antialias=False),
    ONNX Resize half_pixel/linear, OpenCV INTER_LINEAR upscaling):
      s = (d + 0.5) * c / S - 0.5, clamped to [0, c - 1]; i0 = floor(s); i1 = min(i0 + 1, c - 1); w = s - i0
      out[d] = (1 - w) * in[i0] + w * in[i1], first along the width, then along the height (separable;
      the result does not depend on the order up to rounding). Computed in float64, stored as float32.
When the crop already has the target size the resize is the identity (s = d exactly).
"""
import os
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "..", "shared", "fixtures", "galaxy10-layout-64.h5")
OUTPUT = os.path.join(ROOT, "tests", "Core.Tests", "TestData", "Reference", "center-crop-resize.h5")

IMAGES = [0, 42]  # classes 0 and 2 of the fixture (16 per class, in order)
FRACTIONS = [0.68, 0.5]
SIZES = [96, 224]


def rows_kept(size):
    return list(range(size)) if size <= 96 else sorted(set(range(0, size, 7)) | {size - 1})


def center_crop_window(side, fraction):
    crop = int(round(fraction * side))
    offset = int(round((side - crop) / 2.0))
    return offset, crop


def taps(source, target):
    d = np.arange(target, dtype=np.float64)
    s = (d + 0.5) * source / target - 0.5
    s = np.clip(s, 0.0, source - 1)
    i0 = np.floor(s).astype(np.int64)
    i1 = np.minimum(i0 + 1, source - 1)
    return i0, i1, s - i0


def resize(image_hwc, size):
    """image_hwc: float64 [h, w, 3] -> float64 [3, size, size]."""
    h, w, _ = image_hwc.shape
    x0, x1, wx = taps(w, size)
    y0, y1, wy = taps(h, size)
    rows = image_hwc[:, x0, :] * (1 - wx)[None, :, None] + image_hwc[:, x1, :] * wx[None, :, None]  # [h, size, 3]
    out = rows[y0, :, :] * (1 - wy)[:, None, None] + rows[y1, :, :] * wy[:, None, None]  # [size, size, 3]
    return out.transpose(2, 0, 1)


def main():
    with h5py.File(FIXTURE, "r") as f:
        images = f["images"][IMAGES].astype(np.float64)
    side = images.shape[1]
    assert images.shape[1] == images.shape[2] == 69, images.shape
    with h5py.File(OUTPUT, "w") as out:
        out.attrs["source"] = "../shared/fixtures/galaxy10-layout-64.h5:images"
        out.attrs["script"] = "scripts/reference/center_crop_resize.py"
        for fraction in FRACTIONS:
            offset, crop = center_crop_window(side, fraction)
            group = out.create_group(f"crop{fraction}")
            group.attrs["fraction"] = fraction
            group.attrs["top"] = offset
            group.attrs["left"] = offset
            group.attrs["side"] = crop
            for size in SIZES:
                window = images[:, offset:offset + crop, offset:offset + crop, :]
                rows = rows_kept(size)
                result = np.stack([resize(im, size)[:, rows, :] for im in window]).astype(np.float32)
                ds = group.create_dataset(f"size{size}", data=result, compression="gzip", compression_opts=9, shuffle=True)
                ds.attrs["images"] = np.array(IMAGES, dtype=np.int32)
                ds.attrs["rows"] = np.array(rows, dtype=np.int32)
                print(f"F={fraction}: crop {crop}x{crop} at ({offset}, {offset}) -> {size}: {result.shape}", file=sys.stderr)
    print(f"wrote {OUTPUT} ({os.path.getsize(OUTPUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
