# expect: RUNTIME_ERROR
# Crashes the interpreter with a segmentation fault in the middle of a call.
import faulthandler


def solve(a, b):
    faulthandler._sigsegv()
