#!/usr/bin/python3
"""A listening socket for a test daemon, on a port the kernel picks, that
no other process can take in the meantime (standard library only).

  listen_socket.py hold --port-file FILE --unix PATH
      binds 127.0.0.1 port 0, listens, writes the port to FILE (whole,
      through a rename), then hands the listening socket to every client
      of the Unix socket PATH, for as long as it runs (SIGTERM ends it, and
      so does the end of its parent).  The port stays the test's across
      daemon restarts; while no daemon runs, connections wait in the queue.
  listen_socket.py exec --unix PATH -- PROGRAM ARGS...
      takes the socket from the holder at PATH and executes PROGRAM with
      it as systemd passes one (fd 3, LISTEN_FDS=1, LISTEN_PID=its PID):
      the test's child is then the daemon itself, with its PID.
"""
import argparse
import ctypes
import os
import signal
import socket
import sys


def write_whole(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def hold(args):
    try:                                # die with the test (PR_SET_PDEATHSIG)
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(0))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    if os.path.exists(args.unix):
        os.unlink(args.unix)
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(args.unix)
    unix.listen(8)
    write_whole(args.port_file, "%d\n" % listener.getsockname()[1])
    try:
        while True:
            client, _ = unix.accept()
            with client:
                socket.send_fds(client, [b"s"], [listener.fileno()])
    finally:
        os.unlink(args.unix)
    return 0


def run(args):
    if not args.command:
        sys.exit("listen_socket.py exec: no program")
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.connect(args.unix)
    _, fds, _, _ = socket.recv_fds(unix, 1, 1)
    unix.close()
    if len(fds) != 1:
        sys.exit("listen_socket.py exec: the holder sent no socket")
    if fds[0] != 3:
        os.dup2(fds[0], 3, inheritable=True)
        os.close(fds[0])
    else:
        os.set_inheritable(3, True)
    os.environ["LISTEN_FDS"] = "1"
    os.environ["LISTEN_PID"] = str(os.getpid())
    os.execv(args.command[0], args.command)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    h = sub.add_parser("hold")
    h.add_argument("--port-file", required=True)
    h.add_argument("--unix", required=True)
    e = sub.add_parser("exec")
    e.add_argument("--unix", required=True)
    e.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.mode == "hold":
        return hold(args)
    if args.command and args.command[0] == "--":
        args.command = args.command[1:]
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
