import math

import torch
import triton
import triton.language as tl


@triton.jit
def _flash_kernel(
    q_ptr, k_ptr, v_ptr, o_ptr,
    seq_len, head_dim, sm_scale,
    CAUSAL: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr,
):
    """Program (i, bh) computes queries [i*BLOCK_M, (i+1)*BLOCK_M) of the head bh.

    q, k, v and o are contiguous (B*H, T, D) arrays: row t of head bh starts at
    (bh * T + t) * D.
    """
    start_m = tl.program_id(0) * BLOCK_M
    head = tl.program_id(1).to(tl.int64) * seq_len * head_dim
    rows = start_m + tl.arange(0, BLOCK_M)
    dims = tl.arange(0, BLOCK_D)
    row_ok = rows < seq_len
    dim_ok = dims < head_dim

    # Fold the 1/sqrt(D) scale and log2(e) into q once, then use exp2 below.
    q = tl.load(q_ptr + head + rows[:, None] * head_dim + dims[None, :],
                mask=row_ok[:, None] & dim_ok[None, :], other=0.0)
    q = q * (sm_scale * 1.4426950408889634)

    m = tl.full((BLOCK_M,), float("-inf"), tl.float32)   # running max (base-2 units)
    row_sum = tl.zeros((BLOCK_M,), tl.float32)                 # running sum of exp2
    acc = tl.zeros((BLOCK_M, BLOCK_D), tl.float32)       # running sum of weights * v

    if CAUSAL:  # noqa: SIM108 - a constexpr branch: the compiled kernel keeps one side only
        end_n = tl.minimum(start_m + BLOCK_M, seq_len)   # later keys are never visible
    else:
        end_n = seq_len
    for start_n in range(0, end_n, BLOCK_N):
        cols = start_n + tl.arange(0, BLOCK_N)
        col_ok = cols < seq_len
        kv_off = head + cols[:, None] * head_dim + dims[None, :]
        kv_mask = col_ok[:, None] & dim_ok[None, :]
        k = tl.load(k_ptr + kv_off, mask=kv_mask, other=0.0)
        v = tl.load(v_ptr + kv_off, mask=kv_mask, other=0.0)
        s = tl.dot(q, tl.trans(k), input_precision="ieee")   # (BLOCK_M, BLOCK_N)
        visible = col_ok[None, :]
        if CAUSAL:
            visible = visible & (cols[None, :] <= rows[:, None])
        s = tl.where(visible, s, float("-inf"))
        # Key 0 is in the first block and visible to every row: m is finite from then on.
        m_new = tl.maximum(m, tl.max(s, axis=1))
        correction = tl.exp2(m - m_new)
        p = tl.exp2(s - m_new[:, None])
        row_sum = row_sum * correction + tl.sum(p, axis=1)
        acc = acc * correction[:, None] + tl.dot(p, v, input_precision="ieee")
        m = m_new

    acc = acc / row_sum[:, None]
    tl.store(o_ptr + head + rows[:, None] * head_dim + dims[None, :], acc,
             mask=row_ok[:, None] & dim_ok[None, :])


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool, *, out: torch.Tensor) -> None:
    batch, heads, seq_len, head_dim = q.shape
    q, k, v = q.contiguous(), k.contiguous(), v.contiguous()
    block_m = block_n = 32
    block_d = max(16, triton.next_power_of_2(head_dim))
    grid = (triton.cdiv(seq_len, block_m), batch * heads)
    _flash_kernel[grid](
        q, k, v, out, seq_len, head_dim, 1.0 / math.sqrt(head_dim),
        CAUSAL=bool(causal), BLOCK_M=block_m, BLOCK_N=block_n, BLOCK_D=block_d,
    )
