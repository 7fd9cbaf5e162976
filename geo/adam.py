"""Full-batch Adam: the one optimiser of every fitted model (geo's ranker and keeper, timeline's event types and
incident choosers). It sits in ``geo``, the lowest package that fits a model, so that ``timeline`` can share it.
"""
from __future__ import annotations

from typing import Callable

LEARNING_RATE = 0.1  # every model's: the losses are smooth and convex on standardised or 0/1 features


def adam(gradient: Callable, w0, steps: int, *, learning_rate: float = LEARNING_RATE):
    """The weights after ``steps`` Adam steps from ``w0`` (a numpy array, not changed) on the loss whose
    gradient at ``w`` is ``gradient(w)`` (an array of ``w0``'s shape); the usual betas 0.9 / 0.999."""
    import numpy as np

    w = np.array(w0, dtype=float)
    m1, m2 = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, steps + 1):
        grad = gradient(w)
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad * grad
        w -= learning_rate * (m1 / (1 - 0.9 ** step)) / (np.sqrt(m2 / (1 - 0.999 ** step)) + 1e-8)
    return w
