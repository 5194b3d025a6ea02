# expect: WRONG_ANSWER
import torch


def solve(x, y, w1, b1, w2, b2):
    n = x.shape[0]
    z1 = x @ w1 + b1
    h = torch.relu(z1)
    logits = h @ w2 + b2
    e = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    probs = e / e.sum(dim=1, keepdim=True)
    rows = torch.arange(n)
    # log(softmax) underflows: when the target's logit is ~100 below the row's
    # maximum its probability rounds to 0 in float32 and the loss becomes inf.
    loss = -torch.log(probs[rows, y]).mean()
    dlogits = probs.clone()
    dlogits[rows, y] -= 1
    dlogits = dlogits / n
    dw2 = h.T @ dlogits
    db2 = dlogits.sum(dim=0)
    dz1 = (dlogits @ w2.T) * (z1 > 0)
    dw1 = x.T @ dz1
    db1 = dz1.sum(dim=0)
    return {"loss": loss, "dw1": dw1, "db1": db1, "dw2": dw2, "db2": db2}
