#!/usr/bin/python3
"""Attacks a running cksgated over loopback and measures it (issue 11).

While the attack runs, a probe from another loopback address (127.0.0.2
by default: Linux routes all of 127/8 to lo) asks GET /healthz every
100 ms, and the daemon's VmRSS is sampled from /proc every 50 ms.  Prints
one JSON object: probe latencies and failures, RSS, and what became of
the attacking connections.  Used by tests/e2e/test_http_guard.sh (small
sizes) and bench/http_attack.sh (full size).

Attacks (any mix, all from --attack-from, 127.0.0.1 by default):
  --bodies N --body-size B   N connections each POSTing B bytes to --path
                             without a token, as fast as loopback goes
  --idle N                   N connections that send nothing
  --trickle N                N connections sending one header line every
                             --every seconds, never ending the header
  --slow-body N              N connections with a complete header (a
                             rating POST of 100 bytes) trickling the body
                             one byte every --every seconds
"""
import argparse
import json
import selectors
import socket
import statistics
import threading
import time


def rss_kb(pid, field="VmRSS"):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def connect(host, port, source, timeout=3.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect((host, port))
    return s


def held(s):
    """True while the server has sent nothing on s, not even its close."""
    try:
        s.recv(1, socket.MSG_PEEK)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


class Result:
    def __init__(self):
        self.lock = threading.Lock()
        self.probe_ms = []
        self.probe_failures = []
        self.rss_max = 0
        self.body_statuses = {}
        self.opened = 0
        self.refused = 0
        self.closed_at = []
        self.open_at_stop = None


def probe_loop(args, res, stop, t0):
    while not stop.is_set():
        start = time.monotonic()
        try:
            s = connect(args.host, args.port, args.probe_from, timeout=3.0)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            s.close()
            ms = (time.monotonic() - start) * 1000
            if not data.startswith(b"HTTP/1.1 200"):
                res.probe_failures.append("%.1fs: %r" % (start - t0, data[:40]))
            elif ms > 1000:
                res.probe_failures.append("%.1fs: %.0f ms" % (start - t0, ms))
            res.probe_ms.append(ms)
        except OSError as e:
            res.probe_failures.append("%.1fs: %s" % (start - t0, e))
        stop.wait(0.1)


def rss_loop(args, res, stop):
    while not stop.is_set():
        v = rss_kb(args.pid) if args.pid else None
        if v is not None and v > res.rss_max:
            res.rss_max = v
        stop.wait(0.05)


def body_sender(args, res, barrier):
    """Sends all but the last byte, waits until every sender has, then
    the last byte: the bodies are in flight together, as in the attack."""
    chunk = b"x" * 65536
    status = "none"
    waited = False
    try:
        s = connect(args.host, args.port, args.attack_from, timeout=10.0)
        s.sendall(("POST %s HTTP/1.1\r\nHost: attack\r\nContent-Type: "
                   "application/json\r\nContent-Length: %d\r\n\r\n"
                   % (args.path, args.body_size)).encode())
        left = args.body_size - 1
        while left > 0:
            n = min(left, len(chunk))
            s.sendall(chunk[:n])
            left -= n
        waited = True
        try:
            barrier.wait(args.duration + 20)
        except threading.BrokenBarrierError:
            pass
        s.sendall(b"x")
        s.settimeout(10.0)
        data = s.recv(64)
        status = data[9:12].decode() if data.startswith(b"HTTP/") else "eof"
        s.close()
    except OSError as e:
        status = type(e).__name__
    if not waited:
        try:
            barrier.wait(args.duration + 20)
        except threading.BrokenBarrierError:
            pass
    with res.lock:
        res.body_statuses[status] = res.body_statuses.get(status, 0) + 1


def hold_loop(args, res, stop, t0):
    """Idle, trickling and slow-body connections, in one select loop."""
    sel = selectors.DefaultSelector()
    conns = []      # [socket, kind, sent]
    # Slow ones first: under a per-address limit they are the ones let in.
    for kind, count in (("slow", args.slow_body), ("trickle", args.trickle),
                        ("idle", args.idle)):
        for _ in range(count):
            try:
                s = connect(args.host, args.port, args.attack_from, timeout=2.0)
            except OSError:
                res.refused += 1
                continue
            res.opened += 1
            s.setblocking(False)
            if kind == "trickle":
                s.send(b"GET /healthz HTTP/1.1\r\nHost: slow\r\n")
            elif kind == "slow":
                s.send(b"POST /r/abcdefghjkmnp/5 HTTP/1.1\r\nHost: slow\r\n"
                       b"Content-Type: application/x-www-form-urlencoded\r\n"
                       b"Content-Length: 100\r\n\r\n")
            c = [s, kind, 0]
            conns.append(c)
            sel.register(s, selectors.EVENT_READ, c)
    next_send = time.monotonic() + args.every
    # With --settle N the count goes on after the attack until at most N
    # held connections are still open (or 10 s pass): a busy server takes
    # the excess and closes it a little later, and that is what is checked.
    settle_end = None
    while conns and (not stop.is_set() or (args.settle is not None and len(conns) > args.settle and
                     time.monotonic() < (settle_end := settle_end or time.monotonic() + 10))):
        if stop.is_set() and res.open_at_stop is None:
            # Held means the server has neither answered nor closed it: a
            # close still on its way to this loop's select is not held.
            res.open_at_stop = sum(1 for c in conns if held(c[0]))
        for key, _ in sel.select(timeout=0.02):
            c = key.data
            try:
                data = c[0].recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:           # closed by the server
                res.closed_at.append(round(time.monotonic() - t0, 2))
                sel.unregister(c[0])
                c[0].close()
                conns.remove(c)
        if time.monotonic() >= next_send:
            next_send += args.every
            for c in conns:
                try:
                    if c[1] == "trickle":
                        c[0].send(b"X-Slow-%d: 1\r\n" % c[2])
                    elif c[1] == "slow":
                        c[0].send(b"a")
                    c[2] += 1
                except OSError:
                    pass
    if res.open_at_stop is None:
        res.open_at_stop = len(conns)
    for c in conns:
        c[0].close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int)
    p.add_argument("--duration", type=float, default=3.0)
    p.add_argument("--probe-from", default="127.0.0.2")
    p.add_argument("--attack-from", default="127.0.0.1")
    p.add_argument("--bodies", type=int, default=0)
    p.add_argument("--body-size", type=int, default=1 << 20)
    p.add_argument("--path", default="/v1/clients")
    p.add_argument("--idle", type=int, default=0)
    p.add_argument("--trickle", type=int, default=0)
    p.add_argument("--slow-body", type=int, default=0)
    p.add_argument("--every", type=float, default=0.2)
    p.add_argument("--settle", type=int)
    args = p.parse_args()

    res = Result()
    stop = threading.Event()
    t0 = time.monotonic()
    rss_before = rss_kb(args.pid) if args.pid else None
    helpers = [threading.Thread(target=rss_loop, args=(args, res, stop)),
               threading.Thread(target=probe_loop, args=(args, res, stop, t0))]
    barrier = threading.Barrier(max(args.bodies, 1))
    attackers = [threading.Thread(target=body_sender, args=(args, res, barrier))
                 for _ in range(args.bodies)]
    holder = threading.Thread(target=hold_loop, args=(args, res, stop, t0))
    for t in helpers + attackers + [holder]:
        t.start()
    for t in attackers:
        t.join(args.duration + 30)
    rest = args.duration - (time.monotonic() - t0)
    if rest > 0:
        time.sleep(rest)
    stop.set()
    for t in helpers + [holder]:
        t.join()
    ms = res.probe_ms or [0]
    print(json.dumps({
        "seconds": round(time.monotonic() - t0, 2),
        "probes": len(res.probe_ms),
        "probe_failures": res.probe_failures[:10],
        "probe_failure_count": len(res.probe_failures),
        "probe_max_ms": round(max(ms), 1),
        "probe_median_ms": round(statistics.median(ms), 1),
        "rss_before_kb": rss_before,
        "rss_max_kb": res.rss_max,
        "rss_after_kb": rss_kb(args.pid) if args.pid else None,
        "hwm_kb": rss_kb(args.pid, "VmHWM") if args.pid else None,
        "body_statuses": res.body_statuses,
        "held_opened": res.opened,
        "held_refused": res.refused,
        "held_open_at_stop": res.open_at_stop,
        "closed_by_server": len(res.closed_at),
        "closed_at_s": sorted(res.closed_at)[:5] + sorted(res.closed_at)[-5:],
    }, sort_keys=True))


if __name__ == "__main__":
    main()
