# expect: WRONG_ANSWER
import torch


def solve(features, labels, weights, bias, lr, epochs):
    n = features.shape[0]
    w, b = weights.clone(), bias.clone()
    mse = torch.empty(epochs)
    for epoch in range(epochs):
        p = torch.sigmoid(features @ w + b)
        mse[epoch] = ((p - labels) ** 2).mean()
        # The logistic-regression gradient (right for cross-entropy): it skips
        # the sigmoid's derivative p (1 - p), which the MSE loss needs.
        delta = 2 * (p - labels) / n
        w = w - lr * (features.T @ delta)
        b = b - lr * delta.sum()
    return w, b, mse
