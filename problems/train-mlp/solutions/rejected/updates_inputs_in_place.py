# expect: WRONG_ANSWER
import torch


def solve(x, y, w1, b1, w2, b2, lr, epochs, batch_size):
    n = x.shape[0]
    loss_per_epoch = torch.zeros(epochs)
    for epoch in range(epochs):
        losses = []
        for start in range(0, n, batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            m = xb.shape[0]
            a = xb @ w1 + b1
            h = torch.relu(a)
            z = (h @ w2 + b2).squeeze(1)
            losses.append((torch.relu(z) - yb * z + torch.log1p(torch.exp(-z.abs()))).mean())
            dz = (torch.sigmoid(z) - yb) / m
            da = (dz.unsqueeze(1) @ w2.T) * (a > 0)
            # In-place SGD on the arguments: the caller's tensors change.
            w2 -= lr * (h.T @ dz.unsqueeze(1))
            b2 -= lr * dz.sum(dim=0, keepdim=True)
            w1 -= lr * (xb.T @ da)
            b1 -= lr * da.sum(dim=0)
        loss_per_epoch[epoch] = torch.stack(losses).mean()
    return (w1, b1, w2, b2), loss_per_epoch
