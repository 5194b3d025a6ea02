# expect: RUNTIME_ERROR
# Launches the work on a side CUDA stream and returns before it finishes. On a host
# without CUDA creating the stream fails, which is what this case then checks.
import torch


def solve(a, b):
    stream = torch.cuda.Stream()
    out = torch.empty_like(a)
    with torch.cuda.stream(stream):
        torch.add(a, b, out=out)
    return out
