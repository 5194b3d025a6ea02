# expect: WRONG_ANSWER
import torch


def solve(features, labels, weights, bias, lr, epochs):
    n = features.shape[0]
    w, b = weights.clone(), bias.clone()
    mse = torch.empty(epochs)
    for epoch in range(epochs):
        p = torch.sigmoid(features @ w + b)
        mse[epoch] = ((p - labels) ** 2).mean()
        delta = 2 * (p - labels) / n * p * (1 - p)
        w = w - lr * (features.T @ delta)
        b = b - lr * delta.sum()
    # Rounds the results to 4 decimals, as some versions of this exercise ask;
    # this one asks for the unrounded values.
    return torch.round(w, decimals=4), torch.round(b, decimals=4), torch.round(mse, decimals=4)
