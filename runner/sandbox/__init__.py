"""Where untrusted code runs: a child process behind the isolation layers the host allows."""

from runner.sandbox.layers import sandbox_report
from runner.sandbox.process import Child, ChildExit, launch

__all__ = ["Child", "ChildExit", "launch", "sandbox_report"]
