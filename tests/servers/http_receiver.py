#!/usr/bin/python3
"""A scriptable HTTP receiver for cksgate's webhook tests (standard library
only; run it with /usr/bin/python3).

It listens on 127.0.0.1, on a port the kernel picks (port 0), or on the
socket inherited as --fd N (bound by the test, which may hold it bound but
not listening so that connections are refused until this server starts),
or on --port, and writes the port to --port-file and its PID to --pid-file (each written whole through a
rename, so a reader never sees half a number), and answers every request
with the next status of --script, a comma-separated list such as "500,200"
(past its end, and without it, 200).  The answer's body is
"scripted reply NNN".

--log FILE gets one JSON line per request, written and flushed before the
answer goes out, so a client that has its answer finds the line:
  {"method": ..., "path": ..., "headers": {name: value, ...},
   "body": the body as text, "status": the status answered}
Header names are as the client sent them.  --delay SECONDS waits that
long before each answer (after the log line), so that a sender can be
killed while its requests are in flight.  SIGTERM or SIGINT stops the
server cleanly (exit 0).
"""
import argparse
import http.server
import json
import os
import signal
import socket
import sys
import threading
import time


def write_whole(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, args):
        if args.fd is None:
            super().__init__(address, Handler)
        else:
            super().__init__(address, Handler, bind_and_activate=False)
            self.socket.close()
            self.socket = socket.socket(fileno=args.fd)
            self.server_address = self.socket.getsockname()
            self.server_activate()
        self.script = [int(s) for s in args.script.split(",") if s.strip()] \
            if args.script else []
        self.answered = 0
        self.delay = args.delay
        self.lock = threading.Lock()
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def next_status(self):
        n = self.answered
        self.answered += 1
        return self.script[n] if n < len(self.script) else 200


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"      # keep-alive, as curl expects

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length > 0 else b""
        server = self.server
        with server.lock:
            status = server.next_status()
            if server.log is not None:
                server.log.write(json.dumps({
                    "method": self.command,
                    "path": self.path,
                    "headers": {k: v for k, v in self.headers.items()},
                    "body": body.decode("utf-8", errors="replace"),
                    "status": status,
                }, ensure_ascii=False) + "\n")
                server.log.flush()
        if server.delay > 0:
            time.sleep(server.delay)
        reply = ("scripted reply %d" % status).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_PUT = do_POST
    do_GET = do_POST

    def log_message(self, format, *args):
        pass                            # the --log file is the record


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fd", type=int)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--pid-file")
    parser.add_argument("--log")
    parser.add_argument("--script", default="")
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()

    server = Receiver(("127.0.0.1", args.port), args)

    # Exits at once: a SystemExit raised from here can land inside the
    # server's own bookkeeping (starting a request's thread) and be lost,
    # which left a receiver polling forever after SIGTERM (seen once in
    # test_sms).  Every log line is flushed when written.
    def stop(signum, frame):
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.pid_file:
        write_whole(args.pid_file, "%d\n" % os.getpid())
    write_whole(args.port_file, "%d\n" % server.server_address[1])
    try:
        server.serve_forever()
    except SystemExit:
        pass
    finally:
        server.server_close()
        if server.log is not None:
            server.log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
