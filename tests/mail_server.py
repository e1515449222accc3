#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for handout's mail tests (aiosmtpd).

It makes a certificate authority and a server certificate for localhost/127.0.0.1 at start
(openssl), offers STARTTLS (or TLS from the first byte with --implicit-tls, or nothing with
--plain), takes AUTH LOGIN and PLAIN for one test user after STARTTLS, and writes every
message it accepts to DIR as NNNN.eml with NNNN.json beside it (envelope sender and
recipients). Every AUTH attempt is appended to DIR/auth.log.

Refusals on purpose: --refuse ADDR answers RCPT TO:<ADDR> with 550; --tempfail-once ADDR
answers the first RCPT TO:<ADDR> with 451 and accepts it after that.

When it listens it prints "READY <port> <ca.pem>" on standard output; it stops on SIGTERM or
when standard input closes (so a test that dies never leaves it running).
"""

import argparse
import asyncio
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_certificates(folder):
    """A CA and a server certificate it signed, for localhost and 127.0.0.1."""
    ca_key, ca_pem = os.path.join(folder, "ca.key"), os.path.join(folder, "ca.pem")
    key, csr, pem = (os.path.join(folder, n) for n in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(folder, "server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)
    run("req", "-x509", *ec, "-keyout", ca_key, "-out", ca_pem, "-days", "2", "-subj", "/CN=handout test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    run("x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key, "-CAcreateserial", "-out", pem,
        "-days", "2", "-extfile", ext)
    return ca_pem, pem, key


class Mailbox:
    def __init__(self, folder, refuse, tempfail_once):
        self.folder = folder
        self.refuse = {a.lower() for a in refuse}
        self.tempfail = {a.lower() for a in tempfail_once}
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        a = address.lower()
        if a in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in local recipient table"
        if a in self.tempfail:
            self.tempfail.discard(a)
            return "451 4.3.0 Temporary failure, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.folder, f"{n:04d}")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        os.replace(base + ".json.tmp", base + ".json")
        os.replace(base + ".eml.tmp", base + ".eml")
        return f"250 2.0.0 Ok: queued as TEST{n:04d}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--user", default="desk@clinic.example")
    p.add_argument("--password", default="correct horse")
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--tempfail-once", action="append", default=[])
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--plain", action="store_true", help="no TLS at all, no AUTH")
    mode.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte")
    args = p.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    ca_pem, cert, key = make_certificates(args.dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    auth_log = os.path.join(args.dir, "auth.log")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user \
            and auth_data.password.decode() == args.password
        with open(auth_log, "a") as f:
            f.write(f"{mechanism} {auth_data.login.decode() if isinstance(auth_data, LoginPassword) else '?'} "
                    f"{'ok' if ok else 'refused'}\n")
        return AuthResult(success=ok, handled=False)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    handler = Mailbox(args.dir, args.refuse, args.tempfail_once)
    if args.plain:
        controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost")
    elif args.implicit_tls:
        controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost",
                                ssl_context=context, authenticator=authenticator, auth_require_tls=False)
    else:
        controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost",
                                tls_context=context, require_starttls=True, authenticator=authenticator,
                                auth_require_tls=True)
    controller.start()
    print(f"READY {port} {ca_pem}", flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
