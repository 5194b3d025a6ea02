import torch
import torch.nn.functional as F


def solve(x, y, w1, b1, w2, b2):
    n, c = x.shape[0], w2.shape[1]
    z1 = torch.addmm(b1, x, w1)
    h = F.relu(z1)
    logits = torch.addmm(b2, h, w2)
    # The loss value may come from the library; only the gradients must be hand-made.
    loss = F.cross_entropy(logits, y)
    target = F.one_hot(y, num_classes=c).to(logits.dtype)
    g_logits = (torch.softmax(logits, dim=-1) - target) / n
    g_h = g_logits @ w2.T
    g_z1 = torch.where(z1 > 0, g_h, torch.zeros_like(g_h))
    return {
        "loss": loss,
        "dw1": x.T @ g_z1,
        "db1": g_z1.sum(0),
        "dw2": h.T @ g_logits,
        "db2": g_logits.sum(0),
    }
