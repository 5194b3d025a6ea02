"""Where untrusted code runs: a child process behind the isolation layers the host allows."""

from runner.sandbox.layers import Plan, sandbox_report
from runner.sandbox.pool import JudgePool, WarmPool
from runner.sandbox.process import Child, ChildExit, launch

__all__ = ["Child", "ChildExit", "JudgePool", "Plan", "WarmPool", "launch", "sandbox_report"]
