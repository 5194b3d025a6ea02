# expect: WRONG_ANSWER
# Returns a view of an input after writing through it.
def solve(a, b):
    view = b.view(-1)
    view += a
    return view
