# expect: TOO_SLOW
import torch


def solve(x, y, w1, b1, w2, b2, lr, epochs, batch_size):
    n = x.shape[0]
    w1, b1, w2, b2 = w1.clone(), b1.clone(), w2.clone(), b2.clone()
    loss_per_epoch = torch.zeros(epochs)
    for epoch in range(epochs):
        losses = []
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            m = stop - start
            gw1, gb1 = torch.zeros_like(w1), torch.zeros_like(b1)
            gw2, gb2 = torch.zeros_like(w2), torch.zeros_like(b2)
            loss = 0.0
            # Correct, but accumulates each batch's loss and gradients sample by sample.
            for i in range(start, stop):
                a = x[i] @ w1 + b1
                h = torch.relu(a)
                z = h @ w2[:, 0] + b2[0]
                loss = loss + (torch.relu(z) - y[i] * z + torch.log1p(torch.exp(-z.abs()))) / m
                dz = (torch.sigmoid(z) - y[i]) / m
                gw2 += dz * h[:, None]
                gb2 += dz
                da = dz * w2[:, 0] * (a > 0)
                gw1 += torch.outer(x[i], da)
                gb1 += da
            losses.append(loss)
            w1, b1, w2, b2 = w1 - lr * gw1, b1 - lr * gb1, w2 - lr * gw2, b2 - lr * gb2
        loss_per_epoch[epoch] = torch.stack(losses).mean()
    return (w1, b1, w2, b2), loss_per_epoch
