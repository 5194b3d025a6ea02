"""Where untrusted code runs: a child process behind the isolation layers the host allows.

`layers` decides and reports the layers, `isolate` applies them (syscalls), `spawn`
builds a submission's process tree, `zygote` and `pool` keep a warm interpreter to fork
from, `launch` starts a child and `child` is the judge's handle on it; `procfs` reads
what the judge knows of it from outside.

Import the submodules themselves: this package imports nothing, so that reading the
sandbox report (the web app, which has no torch) pulls in only `layers`.
"""
