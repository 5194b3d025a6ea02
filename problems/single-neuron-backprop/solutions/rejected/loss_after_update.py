# expect: WRONG_ANSWER
import torch


def solve(features, labels, weights, bias, lr, epochs):
    n = features.shape[0]
    w, b = weights.clone(), bias.clone()
    mse = torch.empty(epochs)
    for epoch in range(epochs):
        p = torch.sigmoid(features @ w + b)
        delta = 2 * (p - labels) / n * p * (1 - p)
        w = w - lr * (features.T @ delta)
        b = b - lr * delta.sum()
        # Records the loss of the updated weights: one step late.
        p_new = torch.sigmoid(features @ w + b)
        mse[epoch] = ((p_new - labels) ** 2).mean()
    return w, b, mse
