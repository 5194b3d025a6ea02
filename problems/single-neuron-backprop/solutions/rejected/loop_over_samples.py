# expect: TOO_SLOW
import torch


def solve(features, labels, weights, bias, lr, epochs):
    n, f = features.shape
    w, b = weights.clone(), bias.clone()
    mse = torch.empty(epochs)
    for epoch in range(epochs):
        # Correct, but accumulates the loss and the gradient one sample at a time.
        gw = torch.zeros(f)
        gb = torch.zeros(())
        total = torch.zeros(())
        for i in range(n):
            p = torch.sigmoid(features[i] @ w + b)
            err = p - labels[i]
            total = total + err * err
            d = 2 * err / n * p * (1 - p)
            gw = gw + d * features[i]
            gb = gb + d
        mse[epoch] = total / n
        w = w - lr * gw
        b = b - lr * gb
    return w, b, mse
