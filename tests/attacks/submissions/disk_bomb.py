# expect: RUNTIME_ERROR
# Writes one ever-growing file.
def solve(a, b):
    chunk = b"x" * (1 << 20)
    with open("attack-disk-bomb.bin", "wb") as handle:
        for _ in range(4096):
            handle.write(chunk)
            handle.flush()
    return a + b
