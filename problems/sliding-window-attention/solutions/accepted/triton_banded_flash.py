import math

import torch
import triton
import triton.language as tl


@triton.jit
def _window_kernel(
    q_ptr, k_ptr, v_ptr, o_ptr,
    seq_len, head_dim, window, qk_scale,
    BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr,
):
    """Program (i, bh): queries [i*BLOCK_M, (i+1)*BLOCK_M) of head bh, keys of the band only.

    q, k, v, o are contiguous (B*H, T, D): row t of head bh starts at (bh * T + t) * D.
    """
    first = tl.program_id(0) * BLOCK_M
    base = tl.program_id(1).to(tl.int64) * seq_len * head_dim
    rows = first + tl.arange(0, BLOCK_M)
    d = tl.arange(0, BLOCK_D)
    row_ok = rows < seq_len
    d_ok = d < head_dim
    io_mask = row_ok[:, None] & d_ok[None, :]

    q = tl.load(q_ptr + base + rows[:, None] * head_dim + d[None, :], mask=io_mask, other=0.0)
    q = q * qk_scale  # 1/sqrt(D) * log2(e): scores come out in base-2 units for exp2

    m = tl.full((BLOCK_M,), float("-inf"), tl.float32)
    row_sum = tl.zeros((BLOCK_M,), tl.float32)
    acc = tl.zeros((BLOCK_M, BLOCK_D), tl.float32)

    # Keys any row of this block can see: [first - window + 1, last row], block-aligned.
    lo = tl.maximum(first - window + 1, 0)
    lo = (lo // BLOCK_N) * BLOCK_N
    hi = tl.minimum(first + BLOCK_M, seq_len)
    for start in range(lo, hi, BLOCK_N):
        cols = start + tl.arange(0, BLOCK_N)
        kv_off = base + cols[:, None] * head_dim + d[None, :]
        kv_mask = (cols[:, None] < seq_len) & d_ok[None, :]
        k = tl.load(k_ptr + kv_off, mask=kv_mask, other=0.0)
        v = tl.load(v_ptr + kv_off, mask=kv_mask, other=0.0)
        s = tl.dot(q, tl.trans(k), input_precision="ieee")
        dist = rows[:, None] - cols[None, :]  # i - j
        visible = (dist >= 0) & (dist < window) & (cols[None, :] < seq_len)
        s = tl.where(visible, s, float("-inf"))
        m_new = tl.maximum(m, tl.max(s, axis=1))
        # A row may see nothing in this block (its window starts further right): then
        # m_new is still -inf. Shift by 0 instead, so p = exp2(-inf) = 0 and no NaN appears.
        shift = tl.where(m_new == float("-inf"), 0.0, m_new)
        alpha = tl.exp2(m - shift)
        p = tl.exp2(s - shift[:, None])
        row_sum = row_sum * alpha + tl.sum(p, axis=1)
        acc = acc * alpha[:, None] + tl.dot(p, v, input_precision="ieee")
        m = m_new

    # Every real row saw at least itself, so row_sum > 0 there; padding rows are not stored.
    out = acc / tl.where(row_ok, row_sum, 1.0)[:, None]
    tl.store(o_ptr + base + rows[:, None] * head_dim + d[None, :], out, mask=io_mask)


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, window: int, *, out: torch.Tensor) -> None:
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    b, h, t, d = q.shape
    q, k, v = q.contiguous(), k.contiguous(), v.contiguous()
    block = 16
    grid = (triton.cdiv(t, block), b * h)
    _window_kernel[grid](
        q, k, v, out, t, d, min(window, t), 1.4426950408889634 / math.sqrt(d),
        BLOCK_M=block, BLOCK_N=block, BLOCK_D=max(16, triton.next_power_of_2(d)),
    )
