# expect: RUNTIME_ERROR
# expect-cuda: ACCEPTED
# Launches the work on a side CUDA stream, hoping the timing events miss it: the
# judge times with a device-wide sync too, so the work is counted (and the output is
# correct, hence ACCEPTED, at its true speed). On a host
# without CUDA creating the stream fails, which is what this case then checks.
import torch


def solve(a, b):
    stream = torch.cuda.Stream()
    out = torch.empty_like(a)
    with torch.cuda.stream(stream):
        torch.add(a, b, out=out)
    return out
