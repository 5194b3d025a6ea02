# expect: WRONG_ANSWER language=triton
import math

import torch
import triton
import triton.language as tl

LOG2E = 1.4426950408889634


@triton.jit
def _alibi_kernel(
    q_ptr, k_ptr, v_ptr, o_ptr,
    n_heads, seq_len, head_dim, qk_scale,
    BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr,
):
    """Takes the flattened (batch, head) index as the head index: right for B = 1 only.

    Program (i, bh): queries [i*BLOCK_M, (i+1)*BLOCK_M) of the flattened head bh = b*H + h.

    Everything is kept in base-2 units: s2 = (q.k / sqrt(D) - m (i - j)) * log2(e), so the
    online softmax can use exp2.
    """
    start_m = tl.program_id(0) * BLOCK_M
    bh = tl.program_id(1)
    head = bh  # wrong: bh = b * H + h also counts the batch; the head is bh % n_heads
    slope = tl.exp2(-8.0 * (head + 1).to(tl.float32) / n_heads)
    base = bh.to(tl.int64) * seq_len * head_dim

    rows = start_m + tl.arange(0, BLOCK_M)
    dims = tl.arange(0, BLOCK_D)
    row_ok = rows < seq_len
    dim_ok = dims < head_dim
    q = tl.load(q_ptr + base + rows[:, None] * head_dim + dims[None, :],
                mask=row_ok[:, None] & dim_ok[None, :], other=0.0)
    q = q * qk_scale  # qk_scale = log2(e) / sqrt(D)

    m_i = tl.full((BLOCK_M,), float("-inf"), tl.float32)
    l_i = tl.zeros((BLOCK_M,), tl.float32)
    acc = tl.zeros((BLOCK_M, BLOCK_D), tl.float32)
    for start_n in range(0, tl.minimum(start_m + BLOCK_M, seq_len), BLOCK_N):
        cols = start_n + tl.arange(0, BLOCK_N)
        kv_off = base + cols[:, None] * head_dim + dims[None, :]
        kv_mask = (cols[:, None] < seq_len) & dim_ok[None, :]
        k = tl.load(k_ptr + kv_off, mask=kv_mask, other=0.0)
        v = tl.load(v_ptr + kv_off, mask=kv_mask, other=0.0)
        s = tl.dot(q, tl.trans(k), input_precision="ieee")
        back = (rows[:, None] - cols[None, :]).to(tl.float32)  # i - j
        s = s - (slope * 1.4426950408889634) * back
        s = tl.where((back >= 0) & (cols[None, :] < seq_len), s, float("-inf"))
        # Key 0 is in the first block and visible to every row: m_new is finite.
        m_new = tl.maximum(m_i, tl.max(s, axis=1))
        alpha = tl.exp2(m_i - m_new)
        p = tl.exp2(s - m_new[:, None])
        l_i = l_i * alpha + tl.sum(p, axis=1)
        acc = acc * alpha[:, None] + tl.dot(p, v, input_precision="ieee")
        m_i = m_new

    tl.store(o_ptr + base + rows[:, None] * head_dim + dims[None, :], acc / l_i[:, None],
             mask=row_ok[:, None] & dim_ok[None, :])


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, *, out: torch.Tensor) -> None:
    b, h, t, d = q.shape
    q, k, v = q.contiguous(), k.contiguous(), v.contiguous()
    block = 16
    grid = (triton.cdiv(t, block), b * h)
    _alibi_kernel[grid](
        q, k, v, out, h, t, d, LOG2E / math.sqrt(d),
        BLOCK_M=block, BLOCK_N=block, BLOCK_D=max(16, triton.next_power_of_2(d)),
    )
