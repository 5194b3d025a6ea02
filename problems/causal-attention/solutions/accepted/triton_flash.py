import math

import torch
import triton
import triton.language as tl


@triton.jit
def _causal_attention_kernel(
    q_ptr, k_ptr, v_ptr, o_ptr,
    stride_qb, stride_qh, stride_qt, stride_qd,
    stride_kb, stride_kh, stride_kt, stride_kd,
    stride_vb, stride_vh, stride_vt, stride_vd,
    stride_ob, stride_oh, stride_ot, stride_od,
    n_heads, seq_len, head_dim, sm_scale,
    BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr,
):
    """One program per (block of BLOCK_M queries, batch*head); online softmax over key blocks."""
    pid_m = tl.program_id(0)
    pid_bh = tl.program_id(1)
    b = pid_bh // n_heads
    h = pid_bh % n_heads

    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, BLOCK_D)
    d_ok = offs_d < head_dim

    q_base = q_ptr + b * stride_qb + h * stride_qh
    k_base = k_ptr + b * stride_kb + h * stride_kh
    v_base = v_ptr + b * stride_vb + h * stride_vh
    q = tl.load(
        q_base + offs_m[:, None] * stride_qt + offs_d[None, :] * stride_qd,
        mask=(offs_m[:, None] < seq_len) & d_ok[None, :],
        other=0.0,
    )

    m_i = tl.full((BLOCK_M,), float("-inf"), dtype=tl.float32)
    l_i = tl.zeros((BLOCK_M,), dtype=tl.float32)
    acc = tl.zeros((BLOCK_M, BLOCK_D), dtype=tl.float32)

    # Keys after the last query of this block are never visible: stop there.
    hi = tl.minimum((pid_m + 1) * BLOCK_M, seq_len)
    for start_n in range(0, hi, BLOCK_N):
        cols = start_n + offs_n
        kv_mask = (cols[:, None] < seq_len) & d_ok[None, :]
        k = tl.load(
            k_base + cols[:, None] * stride_kt + offs_d[None, :] * stride_kd,
            mask=kv_mask,
            other=0.0,
        )
        v = tl.load(
            v_base + cols[:, None] * stride_vt + offs_d[None, :] * stride_vd,
            mask=kv_mask,
            other=0.0,
        )
        s = tl.dot(q, tl.trans(k), input_precision="ieee") * sm_scale
        visible = (cols[None, :] <= offs_m[:, None]) & (cols[None, :] < seq_len)
        s = tl.where(visible, s, float("-inf"))
        # Key 0 lies in the first block and is visible to every row, so m_new is finite.
        m_new = tl.maximum(m_i, tl.max(s, axis=1))
        alpha = tl.exp(m_i - m_new)
        p = tl.exp(s - m_new[:, None])
        l_i = l_i * alpha + tl.sum(p, axis=1)
        acc = acc * alpha[:, None] + tl.dot(p, v, input_precision="ieee")
        m_i = m_new

    acc = acc / l_i[:, None]
    o_base = o_ptr + b * stride_ob + h * stride_oh
    tl.store(
        o_base + offs_m[:, None] * stride_ot + offs_d[None, :] * stride_od,
        acc,
        mask=(offs_m[:, None] < seq_len) & d_ok[None, :],
    )


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, *, out: torch.Tensor) -> torch.Tensor:
    """Launch one program per 16-query tile of every (batch, head) pair."""
    batch, heads, seq_len, head_dim = q.shape
    block_m = 16
    block_n = 16
    block_d = max(16, triton.next_power_of_2(head_dim))
    grid = (triton.cdiv(seq_len, block_m), batch * heads)
    _causal_attention_kernel[grid](
        q, k, v, out,
        *q.stride(), *k.stride(), *v.stride(), *out.stride(),
        heads, seq_len, head_dim, 1.0 / math.sqrt(head_dim),
        BLOCK_M=block_m, BLOCK_N=block_n, BLOCK_D=block_d,
    )
    return out
