# expect: ACCEPTED
# Opens a listening port and leaves a process holding it.
import os
import socket
import time

if os.fork() == 0:
    try:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 47615))
        server.listen()
        time.sleep(600)
    finally:
        os._exit(0)


def solve(a, b):
    return a + b
