# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(x, y, w1, b1, w2, b2):
    # Lets autograd do the backward pass: the point of the problem, and forbidden.
    params = [t.detach().clone().requires_grad_(True) for t in (w1, b1, w2, b2)]
    p1, q1, p2, q2 = params
    loss = F.cross_entropy(torch.relu(x @ p1 + q1) @ p2 + q2, y)
    loss.backward()
    return {"loss": loss.detach(), "dw1": p1.grad, "db1": q1.grad, "dw2": p2.grad, "db2": q2.grad}
