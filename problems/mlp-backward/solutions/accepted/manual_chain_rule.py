import torch


def solve(x, y, w1, b1, w2, b2):
    n = x.shape[0]
    # Forward, keeping what the backward pass needs.
    z1 = x @ w1 + b1                     # (N, H) pre-activations
    h = torch.relu(z1)                   # (N, H)
    logits = h @ w2 + b2                 # (N, C)
    # Stable softmax: shift each row by its maximum.
    shifted = logits - logits.max(dim=1, keepdim=True).values
    exp = shifted.exp()
    sum_exp = exp.sum(dim=1, keepdim=True)
    probs = exp / sum_exp
    log_probs = shifted - sum_exp.log()
    rows = torch.arange(n, device=x.device)
    loss = -log_probs[rows, y].mean()
    # Backward. d(mean CE)/d logits = (softmax - one_hot) / N.
    dlogits = probs.clone()
    dlogits[rows, y] -= 1
    dlogits = dlogits / n
    dw2 = h.T @ dlogits                  # (H, C), like w2
    db2 = dlogits.sum(dim=0)             # (C,)
    dh = dlogits @ w2.T                  # (N, H)
    dz1 = dh * (z1 > 0).float()          # ReLU passes gradient only where z1 > 0
    dw1 = x.T @ dz1                      # (D, H), like w1
    db1 = dz1.sum(dim=0)                 # (H,)
    return {"loss": loss, "dw1": dw1, "db1": db1, "dw2": dw2, "db2": db2}
