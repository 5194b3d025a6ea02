# expect: WRONG_ANSWER
import torch


def solve(x, y, w1, b1, w2, b2):
    n = x.shape[0]
    z1 = x @ w1 + b1
    h = torch.relu(z1)
    logits = h @ w2 + b2
    shifted = logits - logits.max(dim=1, keepdim=True).values
    e = torch.exp(shifted)
    probs = e / e.sum(dim=1, keepdim=True)
    rows = torch.arange(n)
    logz = torch.log(e.sum(dim=1, keepdim=True))
    loss = -(shifted[rows, y] - logz[:, 0]).mean()
    dlogits = probs.clone()
    dlogits[rows, y] -= 1
    dlogits = dlogits / n
    dw2 = h.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dh = dlogits @ w2.T
    dz1 = dh * (z1 > 0)
    # dz1^T @ x is (H, D): the gradient must have w1's shape (D, H).
    dw1 = dz1.T @ x
    db1 = dz1.sum(dim=0)
    return {"loss": loss, "dw1": dw1, "db1": db1, "dw2": dw2, "db2": db2}
