# expect: COMPILE_ERROR
import torch
import torch.nn.functional as F


def solve(x, y, w1, b1, w2, b2, lr, epochs, batch_size):
    # Autograd does the backward pass: forbidden in this problem.
    params = [t.detach().clone().requires_grad_(True) for t in (w1, b1, w2, b2)]
    history = []
    for _ in range(epochs):
        losses = []
        for start in range(0, x.shape[0], batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            p1, q1, p2, q2 = params
            z = (torch.relu(xb @ p1 + q1) @ p2 + q2).squeeze(1)
            loss = F.binary_cross_entropy_with_logits(z, yb)
            grads = torch.autograd.grad(loss, params)
            losses.append(loss.detach())
            params = [(p - lr * g).detach().requires_grad_(True) for p, g in zip(params, grads)]
        history.append(torch.stack(losses).mean())
    return tuple(p.detach() for p in params), torch.stack(history)
