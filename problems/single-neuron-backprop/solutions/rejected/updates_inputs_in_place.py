# expect: WRONG_ANSWER
import torch


def solve(features, labels, weights, bias, lr, epochs):
    n = features.shape[0]
    mse = torch.empty(epochs)
    for epoch in range(epochs):
        p = torch.sigmoid(features @ weights + bias)
        mse[epoch] = ((p - labels) ** 2).mean()
        delta = 2 * (p - labels) / n * p * (1 - p)
        # In-place updates change the caller's tensors: the inputs must stay as given.
        weights -= lr * (features.T @ delta)
        bias -= lr * delta.sum()
    return weights, bias, mse
