"""Helpers of test_postfix.sh, on 127.0.0.1 only.

  postfix.py ports N                   N distinct TCP ports on 127.0.0.1,
                                       one a line (bound at once, released:
                                       Postfix cannot be handed a socket nor
                                       take port 0, so another process may
                                       take one first; the caller starts
                                       again on new ports then)
  postfix.py ready PORT [BANNER]       exits 0 once an SMTP greeting comes
                                       that holds BANNER (our Postfix's, not
                                       a stranger's on a port taken first);
                                       polls for at most 20 s
  postfix.py send PORT FROM TO FILE    sends FILE over SMTP; FROM may be ""
                                       (the null sender of a bounce)
"""
import smtplib
import socket
import sys
import time

cmd = sys.argv[1]
if cmd == "ports":
    held = []
    for _ in range(int(sys.argv[2])):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        held.append(s)
    for s in held:
        print(s.getsockname()[1])
        s.close()
elif cmd == "ready":
    deadline = time.monotonic() + 20
    banner = sys.argv[3].encode() if len(sys.argv) > 3 else b""
    while True:
        try:
            with socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=2) as c:
                greeting = c.recv(512)
                if greeting.startswith(b"220") and banner in greeting:
                    c.sendall(b"QUIT\r\n")
                    sys.exit(0)
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(1)
        time.sleep(0.05)
elif cmd == "send":
    port, sender, rcpt, path = sys.argv[2:6]
    with smtplib.SMTP("127.0.0.1", int(port), timeout=20) as s:
        refused = s.sendmail(sender, [rcpt], open(path, "rb").read())
    sys.exit(1 if refused else 0)
else:
    sys.exit(2)
