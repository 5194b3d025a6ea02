"""How one test of dropout runs: the same calls on your Dropout and on the reference.

`target` is the class you define (Dropout); `solution` (your whole file) is not needed.
"""


def drive(target, solution, p, x1, grad1, x2, grad2, x3, grad3):
    layer = target(p)                       # p outside [0, 1) must raise ValueError here
    y1 = layer.forward(x1)                  # training defaults to True: a fresh random mask
    dx1 = layer.backward(grad1)             # uses the mask of the forward just above
    y2 = layer.forward(x2, training=True)   # another fresh mask
    dx2 = layer.backward(grad2)             # uses the second mask, not the first
    y3 = layer.forward(x3, training=False)  # evaluation: x3 unchanged
    dx3 = layer.backward(grad3)             # nothing was dropped: grad3 unchanged
    return {
        "forward1": y1,
        "backward1": dx1,
        "forward2": y2,
        "backward2": dx2,
        "eval_forward": y3,
        "eval_backward": dx3,
    }
