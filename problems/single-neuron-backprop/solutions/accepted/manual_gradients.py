import torch


def solve(features, labels, weights, bias, lr, epochs):
    n = features.shape[0]
    # Work on copies: the inputs must not change.
    w = weights.clone()
    b = bias.clone()
    history = []
    for _ in range(epochs):
        z = features @ w + b
        p = torch.sigmoid(z)
        history.append(torch.mean((p - labels) ** 2))  # before the update
        # Chain rule: dL/dp = 2 (p - y) / N, dp/dz = p (1 - p), dz/dw = x, dz/db = 1.
        delta = 2 * (p - labels) / n * p * (1 - p)
        w = w - lr * (features.T @ delta)
        b = b - lr * delta.sum()
    mse = torch.stack(history) if history else torch.zeros(0, dtype=torch.float32, device=features.device)
    return w, b, mse
