import torch


def solve(features, labels, weights, bias, lr, epochs):
    # Autograd is allowed here: let it differentiate the loss.
    w = weights.detach().clone().requires_grad_(True)
    b = bias.detach().clone().requires_grad_(True)
    mse = torch.empty(epochs, dtype=torch.float32, device=features.device)
    for epoch in range(epochs):
        p = torch.sigmoid(features @ w + b)
        loss = ((p - labels) ** 2).mean()
        mse[epoch] = loss.detach()
        gw, gb = torch.autograd.grad(loss, (w, b))
        with torch.no_grad():
            w -= lr * gw
            b -= lr * gb
    return w.detach(), b.detach(), mse
