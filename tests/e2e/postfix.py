"""Helpers of test_postfix.sh, on 127.0.0.1 only.

  postfix.py port                      a free TCP port on 127.0.0.1
  postfix.py ready PORT                exits 0 once an SMTP greeting comes
                                       (polls for at most 20 s)
  postfix.py send PORT FROM TO FILE    sends FILE over SMTP; FROM may be ""
                                       (the null sender of a bounce)
"""
import smtplib
import socket
import sys
import time

cmd = sys.argv[1]
if cmd == "port":
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()
elif cmd == "ready":
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=2) as c:
                if c.recv(64).startswith(b"220"):
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
