"""Writes measurements.npy, the array the real-files example reads.

Run with NumPy: python3 examples/data/make-measurements.py
Seeded, so the file is the same on every run; the NumPy version used is
recorded in measurements.txt.
"""
import pathlib

import numpy as np

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(20261204)
# Column-major on purpose: real files from Fortran-minded code look like this.
temperatures = np.asfortranarray(rng.normal(loc=21.0, scale=3.0, size=(24, 7)).round(2))
np.save(here / "measurements.npy", temperatures)
(here / "measurements.txt").write_text(
    f"written by NumPy {np.__version__}: float64, shape (24, 7), Fortran order, "
    f"mean {temperatures.mean():.4f}\n"
)
