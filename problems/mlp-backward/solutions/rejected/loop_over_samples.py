# expect: TOO_SLOW
import torch


def solve(x, y, w1, b1, w2, b2):
    # Correct, but backpropagates one sample at a time with outer products.
    n = x.shape[0]
    dw1, db1 = torch.zeros_like(w1), torch.zeros_like(b1)
    dw2, db2 = torch.zeros_like(w2), torch.zeros_like(b2)
    loss = torch.zeros(())
    for i in range(n):
        z1 = x[i] @ w1 + b1
        h = torch.relu(z1)
        logits = h @ w2 + b2
        shifted = logits - logits.max()
        e = torch.exp(shifted)
        p = e / e.sum()
        loss = loss + (torch.log(e.sum()) - shifted[y[i]]) / n
        g = p.clone()
        g[y[i]] -= 1
        g = g / n
        dw2 += torch.outer(h, g)
        db2 += g
        dz1 = (w2 @ g) * (z1 > 0)
        dw1 += torch.outer(x[i], dz1)
        db1 += dz1
    return {"loss": loss, "dw1": dw1, "db1": db1, "dw2": dw2, "db2": db2}
