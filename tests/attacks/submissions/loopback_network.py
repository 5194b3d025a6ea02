# expect: ACCEPTED
# Sends what it can to a service on the host's loopback (the judge's tests listen there).
import socket

for port in (47614, 8000, 5432, 6379):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"attack: exfiltrated data\n")
            print("connected", port)
    except OSError as exc:
        print("no connection", port, type(exc).__name__)


def solve(a, b):
    return a + b
