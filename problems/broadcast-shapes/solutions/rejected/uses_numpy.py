# expect: COMPILE_ERROR
import numpy as np


def broadcast_shape(a, b):
    """numpy knows the rules, but this problem is about knowing them yourself."""
    return tuple(np.broadcast_shapes(a, b))


def matmul_shape(a, b):
    return np.matmul(np.empty(a), np.empty(b)).shape
