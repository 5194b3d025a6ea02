"""`JudgePool`: what a queue worker (or `problems validate`) holds to judge many
submissions through one warm pool (of either sandbox backend)."""

from __future__ import annotations

import logging
from types import TracebackType

import torch

from runner.bank import Problem
from runner.config import JudgeSettings
from runner.judge import judge_code
from runner.sandbox import triton_cache
from runner.sandbox.backend import open_pool
from runner.sandbox.launch import workdir_root
from runner.verdicts import JudgeResult

log = logging.getLogger(__name__)


class JudgePool:
    """Judges submissions through its own warm pool; `judge(...)` takes the arguments
    of `judge_code` (minus settings and pool)."""

    def __init__(self, settings: JudgeSettings, *, start: bool = True, tag: str | None = None) -> None:
        self.settings = settings
        self.pool = open_pool(settings, tag=tag)
        if start and settings.sandbox == "container":  # no judging outside a container: a failure stops here
            self.pool.start()
            return
        if start and torch.cuda.is_available():  # Triton's launcher utilities, built once for every child
            triton_cache.warm(workdir_root(settings) / triton_cache.WARM_FOLDER)
        if start and settings.sandbox_warm_pool:
            try:
                self.pool.start()
            except OSError as exc:
                log.warning("warm pool: could not start the zygote (%s); submissions start cold", exc)

    def judge(
        self, problem: Problem, code: str, *, language: str, mode: str = "submit", device: str | None = None,
    ) -> JudgeResult:
        return judge_code(
            problem, code, language=language, mode=mode, device=device, settings=self.settings, pool=self.pool
        )

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> JudgePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
