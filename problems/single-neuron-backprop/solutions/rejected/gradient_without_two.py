# expect: WRONG_ANSWER
import torch


def solve(features, labels, weights, bias, lr, epochs):
    n = features.shape[0]
    w, b = weights.clone(), bias.clone()
    mse = torch.empty(epochs)
    for epoch in range(epochs):
        p = torch.sigmoid(features @ w + b)
        mse[epoch] = ((p - labels) ** 2).mean()
        # Drops the 2 from d/dp (p - y)^2 = 2 (p - y): every step is half as long.
        delta = (p - labels) / n * p * (1 - p)
        w = w - lr * (features.T @ delta)
        b = b - lr * delta.sum()
    return w, b, mse
