"""What the child sends back: plain copies of results, and errors with only the
user's own traceback frames."""

from __future__ import annotations

import traceback
from typing import Any

import torch

SUBMISSION_FILE = "submission.py"
MAX_ERROR_CHARS = 3000


def reply_value(value: Any) -> Any:
    """A CPU copy of a (plain) result: tensors, numbers, strings, containers."""
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu", copy=True)
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, dict):
        return {(k if isinstance(k, (str, int)) else repr(k)): reply_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [reply_value(v) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return {"__unsupported__": type(value).__name__}


def _frames(exc: BaseException, path: str) -> list[traceback.FrameSummary]:
    return [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]


def user_traceback(exc: BaseException, path: str) -> str:
    """The exception with only the user's own frames: the judge's frames are cut. Where
    it wraps another raised deeper in the user's code (a Triton kernel's line, say), that
    one's frames and message come too."""
    lines = []
    frames = _frames(exc, path)
    cause = exc.__cause__
    deeper = _frames(cause, path) if cause is not None else []
    if frames or deeper:
        lines.append("Traceback (your code only):")
        for frame in (frames + deeper)[-10:]:
            lines.append(f'  File "{SUBMISSION_FILE}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    if cause is not None and deeper:
        lines.extend(line.rstrip("\n") for line in traceback.format_exception_only(type(cause), cause))
    else:
        lines.extend(line.rstrip("\n") for line in traceback.format_exception_only(type(exc), exc))
    text = "\n".join(lines).replace(path, SUBMISSION_FILE)
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS] + "\n..."


def syntax_error(exc: SyntaxError, path: str) -> str:
    text = "".join(traceback.format_exception_only(type(exc), exc)).replace(path, SUBMISSION_FILE)
    return text.rstrip()
