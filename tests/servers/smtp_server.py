#!/usr/bin/python3
"""A scriptable SMTP server for cksgate's tests (run it with /usr/bin/python3,
which sees Debian's python3-aiosmtpd).

It listens on 127.0.0.1 on a port the kernel picks, writes that port to
--port-file and its PID to --pid-file (each written whole through a
rename, so a reader never sees half a number), and stores every accepted
message as NNNN.eml in --maildir: the server's own header lines first
(X-Envelope-From, one X-Envelope-To per recipient, X-Session-Id,
X-Session-TLS, X-Session-Auth), then the message exactly as received after
dot-unstuffing.

--script names a JSON list of actions, re-read at every MAIL FROM so a test
may rewrite it between sessions.  Each transaction consumes the next
action; past the end of the list the action is "ok":
  "ok"            accept the message
  "NNN"           answer the end of DATA with that code (e.g. "451", "550");
                  "421" also closes the connection
  "mail-NNN"      answer MAIL FROM with that code
  "rcpt-NNN"      answer every RCPT TO with that code
  "cut-in-data"   answer DATA with 354, read one line, close the connection
--starttls CERT KEY offers STARTTLS; --require-auth USER:PASS offers AUTH
PLAIN/LOGIN (only after STARTTLS) and refuses mail without it.  Without
--require-auth, aiosmtpd still offers AUTH after STARTTLS, refuses every
login with 535 and takes mail unauthenticated (a relay that a refused
AUTH must not fall back to).  SIGTERM or
SIGINT stops the server cleanly.  --log FILE takes the server's log, which
otherwise goes to stderr.
"""
import argparse
import asyncio
import json
import logging
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

TEXT = {4: "Temporary failure (scripted)", 5: "Rejected (scripted)",
        2: "OK (scripted)"}


def write_whole(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def scripted_reply(code):
    code = int(code)
    return "%d %s" % (code, TEXT.get(code // 100, "Scripted reply"))


class Handler:
    def __init__(self, args):
        self.args = args
        self.transactions = 0
        self.stored = 0

    def next_action(self):
        actions = []
        if self.args.script:
            try:
                with open(self.args.script) as f:
                    actions = json.load(f)
            except FileNotFoundError:
                pass
        n = self.transactions
        self.transactions += 1
        return str(actions[n]) if n < len(actions) else "ok"

    async def handle_MAIL(self, server, session, envelope, address, options):
        session.action = self.next_action()
        if session.action.startswith("mail-"):
            return scripted_reply(session.action[5:])
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        action = getattr(session, "action", "ok")
        if action.startswith("rcpt-"):
            return scripted_reply(action[5:])
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        action = getattr(session, "action", "ok")
        if action.isdigit():
            if action == "421":
                server.close_after_reply = True
            return scripted_reply(action)
        if self.args.data_delay > 0:
            await asyncio.sleep(self.args.data_delay)
        self.stored += 1
        lines = ["X-Envelope-From: <%s>" % envelope.mail_from]
        lines += ["X-Envelope-To: <%s>" % r for r in envelope.rcpt_tos]
        lines.append("X-Session-Id: %d" % server.connection_number)
        lines.append("X-Session-TLS: %s" % ("yes" if session.ssl else "no"))
        auth = session.auth_data if session.authenticated else None
        login = getattr(auth, "login", None)
        lines.append("X-Session-Auth: %s" % (login.decode() if login else "-"))
        head = "".join(line + "\r\n" for line in lines).encode()
        path = os.path.join(self.args.maildir, "%04d.eml" % self.stored)
        with open(path + ".tmp", "wb") as f:
            f.write(head + envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 OK stored as %04d" % self.stored


class ScriptedSMTP(SMTP):
    close_after_reply = False
    connections = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ScriptedSMTP.connections += 1
        self.connection_number = ScriptedSMTP.connections

    async def smtp_DATA(self, arg):
        action = getattr(self.session, "action", "ok")
        if action == "cut-in-data" and self.envelope.rcpt_tos and not arg:
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readuntil(b"\r\n")
            self.transport.close()
            # Wait for connection_lost() to cancel this handler, or the rest
            # of the message would be read as commands.
            await asyncio.sleep(5)
            return
        await super().smtp_DATA(arg)
        if self.close_after_reply:
            self.transport.close()


def make_authenticator(user_pass):
    user, _, password = user_pass.partition(":")

    def authenticate(server, session, envelope, mechanism, data):
        ok = (isinstance(data, LoginPassword)
              and data.login == user.encode()
              and data.password == password.encode())
        # handled=False: aiosmtpd itself answers 235 or 535.
        return AuthResult(success=ok, handled=False, auth_data=data)
    return authenticate


async def serve(args):
    tls = None
    if args.starttls:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.starttls[0], args.starttls[1])
    handler = Handler(args)
    options = dict(hostname="localhost", tls_context=tls)
    if args.require_auth:
        options.update(authenticator=make_authenticator(args.require_auth),
                       auth_required=True, auth_require_tls=True)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: ScriptedSMTP(handler, loop=loop, **options), "127.0.0.1", 0)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    write_whole(args.pid_file, "%d\n" % os.getpid())
    write_whole(args.port_file, "%d\n" % server.sockets[0].getsockname()[1])
    await stop.wait()
    server.close()
    await server.wait_closed()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port-file", required=True)
    p.add_argument("--pid-file", required=True)
    p.add_argument("--maildir", required=True)
    p.add_argument("--script")
    p.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--require-auth", metavar="USER:PASS")
    p.add_argument("--log", metavar="FILE")
    p.add_argument("--data-delay", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long before answering each DATA")
    args = p.parse_args()
    logging.basicConfig(filename=args.log,
                        level=logging.DEBUG if args.log else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s")
    os.makedirs(args.maildir, exist_ok=True)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
