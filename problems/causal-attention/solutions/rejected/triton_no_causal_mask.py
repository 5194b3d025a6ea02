# expect: WRONG_ANSWER language=triton
import math

import torch
import triton
import triton.language as tl


@triton.jit
def _attention_kernel(
    q_ptr, k_ptr, v_ptr, o_ptr, seq_len, head_dim, sm_scale,
    BLOCK_T: tl.constexpr, BLOCK_D: tl.constexpr,
):
    """One program per query row; only padding is masked, so every row sees the future."""
    row = tl.program_id(0)
    bh = tl.program_id(1)
    base = bh * seq_len * head_dim
    offs_t = tl.arange(0, BLOCK_T)
    offs_d = tl.arange(0, BLOCK_D)
    d_ok = offs_d < head_dim
    t_ok = offs_t < seq_len
    q = tl.load(q_ptr + base + row * head_dim + offs_d, mask=d_ok, other=0.0)
    kv_off = base + offs_t[:, None] * head_dim + offs_d[None, :]
    kv_mask = t_ok[:, None] & d_ok[None, :]
    k = tl.load(k_ptr + kv_off, mask=kv_mask, other=0.0)
    v = tl.load(v_ptr + kv_off, mask=kv_mask, other=0.0)
    s = tl.sum(k * q[None, :], axis=1) * sm_scale
    s = tl.where(t_ok, s, float("-inf"))
    p = tl.exp(s - tl.max(s, axis=0))
    p = p / tl.sum(p, axis=0)
    o = tl.sum(v * p[:, None], axis=0)
    tl.store(o_ptr + base + row * head_dim + offs_d, o, mask=d_ok)


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, *, out: torch.Tensor) -> torch.Tensor:
    batch, heads, seq_len, head_dim = q.shape
    q, k, v = q.contiguous(), k.contiguous(), v.contiguous()
    grid = (seq_len, batch * heads)
    _attention_kernel[grid](
        q, k, v, out, seq_len, head_dim, 1.0 / math.sqrt(head_dim),
        BLOCK_T=triton.next_power_of_2(seq_len), BLOCK_D=triton.next_power_of_2(head_dim),
    )
    return out
