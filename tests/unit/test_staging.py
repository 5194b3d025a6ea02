"""Call arguments in shared memory: skeletons, sealed files, views on both sides."""

from __future__ import annotations

import os

import pytest
import torch

from runner.staging import SLOT_KEY, SharedFile, fill, skeleton


def test_skeleton_and_fill_round_trip() -> None:
    args = {"x": torch.ones(2, 3), "pair": (torch.zeros(4), 7), "names": ["a"], "n": 3}
    tensors: list[torch.Tensor] = []
    shape = skeleton(args, tensors)
    assert shape == {"x": {SLOT_KEY: 0}, "pair": ({SLOT_KEY: 1}, 7), "names": ["a"], "n": 3}
    rebuilt = fill(shape, tensors)
    assert rebuilt["x"] is tensors[0] and rebuilt["pair"][1] == 7 and isinstance(rebuilt["pair"], tuple)


def test_both_sides_see_the_same_pages() -> None:
    values = [torch.arange(10, dtype=torch.float32), torch.tensor([True, False]), torch.zeros((0, 3)),
              torch.arange(6, dtype=torch.int64).view(2, 3)]
    judge = SharedFile.create(values)
    child = SharedFile.attach(os.dup(judge.fd), judge.slots)
    try:
        for view, value in zip(child.views, values, strict=True):
            assert torch.equal(view, value) and view.dtype == value.dtype
        child.views[0][3] = -1.0  # what a call does to its inputs, the judge sees
        assert float(judge.views[0][3]) == -1.0
        judge.write([v + 1 if v.dtype != torch.bool else v for v in values])
        assert float(child.views[0][0]) == 1.0
    finally:
        child.close()
        judge.close()


def test_the_file_cannot_change_size() -> None:
    judge = SharedFile.create([torch.ones(1000)])
    try:
        with pytest.raises(PermissionError):
            os.ftruncate(judge.fd, 10)
        with pytest.raises(PermissionError):
            os.ftruncate(judge.fd, 1 << 30)
    finally:
        judge.close()


def test_an_unsealed_file_is_refused() -> None:
    fd = os.memfd_create("plain")
    os.ftruncate(fd, 4096)
    try:
        with pytest.raises(ValueError, match="not sealed"):
            SharedFile.attach(fd, [])
    finally:
        os.close(fd)
