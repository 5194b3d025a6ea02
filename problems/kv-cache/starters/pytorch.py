import torch


def solve(q_t: torch.Tensor, k_t: torch.Tensor, v_t: torch.Tensor, cache):
    """One decoding step of attention with a KV cache.

    q_t, k_t, v_t: (B, H, 1, D) float32, the new token's query, key and value.
    cache: None (first step) or a tuple (K, V), each (B, H, t, D), the keys and values
    of the t previous tokens.
    Return (out_t, (K_new, V_new)): K_new, V_new are (B, H, t+1, D) with the new entry
    LAST (K, then k_t), and out_t (B, H, 1, D) is softmax(q_t . K_new^T / sqrt(D)) @ V_new.
    Do not modify the inputs.
    """
    raise NotImplementedError("append k_t and v_t to the cache, then attend from q_t to every cached key")
