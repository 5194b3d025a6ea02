# expect: WRONG_ANSWER
# mode: submit
# Returns a torch.Tensor subclass that only adds when the judge reads the result, so
# the timed call itself does nothing.
import torch


class Lazy(torch.Tensor):
    @staticmethod
    def __new__(cls, a, b):
        made = torch.Tensor._make_wrapper_subclass(cls, a.shape, dtype=a.dtype, device=a.device)
        made.parts = (a.clone(), b.clone())
        return made

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
        def real(value):
            return torch.add(*value.parts) if isinstance(value, Lazy) else value

        return func(*[real(v) for v in args], **{k: real(v) for k, v in (kwargs or {}).items()})


def solve(a, b):
    return Lazy(a, b)
