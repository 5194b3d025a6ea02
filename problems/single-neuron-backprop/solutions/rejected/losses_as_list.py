# expect: WRONG_ANSWER
import torch


def solve(features, labels, weights, bias, lr, epochs):
    n = features.shape[0]
    w, b = weights.clone(), bias.clone()
    mse = []
    for epoch in range(epochs):
        p = torch.sigmoid(features @ w + b)
        # A Python list of floats: the contract is a float32 tensor of shape (epochs,).
        mse.append(((p - labels) ** 2).mean().item())
        delta = 2 * (p - labels) / n * p * (1 - p)
        w = w - lr * (features.T @ delta)
        b = b - lr * delta.sum()
    return w, b, mse
