"""Where untrusted code runs: a child process behind the isolation layers the host allows.

`layers` decides and reports the layers, `isolate` applies them (syscalls), `spawn`
builds a submission's process tree, `zygote` and `pool` keep a warm interpreter to fork
from, `launch` starts a child and `child` is the judge's handle on it; `procfs` reads
what the judge knows of it from outside.
"""

from runner.sandbox.child import Child, ChildExit
from runner.sandbox.launch import launch
from runner.sandbox.layers import Plan, sandbox_report
from runner.sandbox.pool import WarmPool

__all__ = ["Child", "ChildExit", "Plan", "WarmPool", "launch", "sandbox_report"]
