"""The typed messages between the judge and its child: every one survives the wire,
and anything else is refused."""

from __future__ import annotations

import io

import pytest
import torch

from runner import protocol as p
from runner import wire

EXAMPLES: list[p.Request | p.Reply] = [
    p.Ping(), p.Verify(), p.Exit(),
    p.Load("def solve(x): return x", [("solve", "function")], "cpu", "pytorch", ["torch.softmax"], False),
    p.Stage([(0, (2, 3), "float32")]),
    p.Call("solve", {"x": {"__slot__": 0}, "dim": -1}, ((2, 3), "float32"), timed=True),
    p.Sample([torch.tensor([1, 2]), None], full=False),
    p.ModuleBuild("Mixer", {"n": 4}, ["mask"]), p.ModuleLoad({"w": torch.ones(2)}),
    p.ModuleForward({"x": {"__slot__": 0}}, torch.ones(2)),
    p.Done(), p.Failure("error", "boom", ["ValueError", "Exception"]),
    p.Called(12.5, output=torch.ones(3), peak_extra_bytes=64),
    p.Sampled({"__tensor__": ((3,), "float32")}, [torch.ones(2)]),
    p.Built({"w": ((2,), "torch.float32", True)}, {}, {}),
]


def through_the_wire(data: dict) -> dict:
    frame = wire.encode(data)
    return torch.load(io.BytesIO(frame[wire.HEADER.size:]), weights_only=True)


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda m: type(m).__name__)
def test_every_message_round_trips(message: p.Request | p.Reply) -> None:
    data = through_the_wire(p.to_wire(message, seq=7))
    decoded, seq = (p.decode_request if isinstance(message, p.Request) else p.decode_reply)(data)
    assert seq == 7 and type(decoded) is type(message)
    for name, value in vars(message).items():
        got = getattr(decoded, name)
        assert torch.equal(got, value) if isinstance(value, torch.Tensor) else str(got) == str(value)


@pytest.mark.parametrize("data", [
    {"reply": "teleport", "seq": 1},
    {"reply": "called", "seq": 1, "time_ns": 1.0, "secret": 2},
    {"reply": "called", "seq": 1},
    {"ok": True, "time_ns": 1.0},
    [1, 2, 3],
])
def test_anything_else_is_refused(data: object) -> None:
    with pytest.raises(wire.ChannelCorrupt):
        p.decode_reply(data)


def test_requests_and_replies_are_distinct_tables() -> None:
    with pytest.raises(wire.ChannelCorrupt):
        p.decode_reply(p.to_wire(p.Ping(), 1))
    assert set(p.REQUESTS).isdisjoint(p.REPLIES)
