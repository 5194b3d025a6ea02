# expect: ACCEPTED
# Finds every TCP service listening on the host (from /proc/net/tcp) and sends what it
# can to each one over loopback; the judge's tests run such a service.
import socket

ports = set()
try:
    with open("/proc/net/tcp") as table:
        for line in table.read().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
except OSError:
    pass
print("listening ports seen:", len(ports))
for port in sorted(ports)[:200]:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3) as conn:
            conn.sendall(b"attack: exfiltrated data\n")
    except OSError:
        pass


def solve(a, b):
    return a + b
