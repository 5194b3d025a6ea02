# expect: WRONG_ANSWER
import torch


def solve(x, y, w1, b1, w2, b2, lr, epochs, batch_size):
    n = x.shape[0]
    # Copies: the caller's tensors must not change.
    w1, b1, w2, b2 = w1.clone(), b1.clone(), w2.clone(), b2.clone()
    loss_per_epoch = torch.zeros(epochs)
    for epoch in range(epochs):
        total, batches = 0.0, 0
        for start in range(0, n, batch_size):      # in order; the last batch may be smaller
            xb = x[start:start + batch_size]
            yb = y[start:start + batch_size]
            m = xb.shape[0]
            a = xb @ w1 + b1
            h = torch.relu(a)
            z = (h @ w2 + b2).squeeze(1)           # (m,), to match yb
            # Stable BCE: softplus(z) - y*z written with |z| so exp never overflows.
            loss = (torch.relu(z) - yb * z + torch.log1p(torch.exp(-z.abs()))).mean()
            # Weights each batch by its size: the mean over samples, not over batches.
            total, batches = total + loss * m, batches + m
            dz = (torch.sigmoid(z) - yb) / m        # d(mean BCE)/dz
            dw2 = h.T @ dz.unsqueeze(1)
            db2 = dz.sum(dim=0, keepdim=True)
            da = (dz.unsqueeze(1) @ w2.T) * (a > 0)
            dw1 = xb.T @ da
            db1 = da.sum(dim=0)
            w1 = w1 - lr * dw1
            b1 = b1 - lr * db1
            w2 = w2 - lr * dw2
            b2 = b2 - lr * db2
        loss_per_epoch[epoch] = total / batches   # unweighted mean of the batch losses
    return (w1, b1, w2, b2), loss_per_epoch
