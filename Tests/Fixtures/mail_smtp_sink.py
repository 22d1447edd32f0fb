#!/usr/bin/env python3
"""A small SMTP server for the mail> tests: records each message as JSON in a directory.

Modes: plain, starttls (offers STARTTLS) and ssl (implicit TLS). With --user/--password it
offers AUTH PLAIN and LOGIN and refuses MAIL before authentication. Prints "PORT <n>" once it
listens on 127.0.0.1 and exits by itself after --max-seconds.
"""
import argparse
import base64
import email
import email.policy
import json
import os
import signal
import socket
import socketserver
import ssl
import sys
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--mode", choices=["plain", "starttls", "ssl"], default="plain")
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--max-seconds", type=float, default=120)
args = parser.parse_args()

context = None
if args.mode != "plain":
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)

counter = [0]
lock = threading.Lock()


class Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def setup(self):
        if args.mode == "ssl":
            self.request = context.wrap_socket(self.request, server_side=True)
        self.tls = args.mode == "ssl"
        super().setup()

    def send(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(65536)
        if not line:
            raise EOFError()
        return line.decode("utf-8", "replace").rstrip("\r\n")

    def handle(self):
        try:
            self.session()
        except (EOFError, ConnectionError, ssl.SSLError, socket.timeout):
            pass

    def session(self):
        self.send("220 sink ESMTP")
        user = None
        sender = None
        recipients = []
        while True:
            line = self.readline()
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                lines = ["sink"]
                if args.mode == "starttls" and not self.tls:
                    lines.append("STARTTLS")
                if args.user:
                    lines.append("AUTH PLAIN LOGIN")
                lines.append("8BITMIME")
                for i, text in enumerate(lines):
                    self.send(("250 " if i == len(lines) - 1 else "250-") + text)
            elif verb == "STARTTLS" and args.mode == "starttls" and not self.tls:
                self.send("220 ready for TLS")
                self.request = context.wrap_socket(self.request, server_side=True)
                self.rfile = self.request.makefile("rb")
                self.wfile = self.request.makefile("wb")
                self.tls = True
            elif verb == "AUTH" and args.user:
                user = self.auth(line)
                if user is None:
                    self.send("535 5.7.8 Authentication credentials invalid")
                else:
                    self.send("235 2.7.0 Authentication successful")
            elif verb == "MAIL":
                if args.user and user is None:
                    self.send("530 5.7.0 Authentication required")
                    continue
                sender = line.split(":", 1)[1].strip().split(" ")[0].strip("<>")
                recipients = []
                self.send("250 OK")
            elif verb == "RCPT":
                recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                self.send("250 OK")
            elif verb == "DATA":
                self.send("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    raw = self.rfile.readline(1 << 20)
                    if not raw:
                        raise EOFError()
                    if raw in (b".\r\n", b".\n"):
                        break
                    if raw.startswith(b".."):
                        raw = raw[1:]
                    data.append(raw)
                self.record(sender, recipients, b"".join(data), user)
                self.send("250 OK queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self.send("250 OK")
            elif verb == "NOOP":
                self.send("250 OK")
            elif verb == "QUIT":
                self.send("221 bye")
                return
            else:
                self.send("502 command not implemented")

    def auth(self, line):
        parts = line.split(" ")
        mechanism = parts[1].upper() if len(parts) > 1 else ""
        if mechanism == "PLAIN":
            if len(parts) > 2:
                token = parts[2]
            else:
                self.send("334 ")
                token = self.readline()
            fields = base64.b64decode(token).decode().split("\0")
            name, password = fields[1], fields[2]
        elif mechanism == "LOGIN":
            if len(parts) > 2:
                name = base64.b64decode(parts[2]).decode()
            else:
                self.send("334 VXNlcm5hbWU6")
                name = base64.b64decode(self.readline()).decode()
            self.send("334 UGFzc3dvcmQ6")
            password = base64.b64decode(self.readline()).decode()
        else:
            return None
        if name == args.user and password == args.password:
            return name + " " + mechanism
        return None

    def record(self, sender, recipients, data, user):
        with lock:
            counter[0] += 1
            number = counter[0]
        parsed = email.message_from_bytes(data, policy=email.policy.default)
        parts = []
        for part in parsed.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True) or b""
            parts.append({
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "filename": part.get_filename(),
                "disposition": part.get_content_disposition(),
                "text": payload.decode("utf-8", "replace"),
                "base64": base64.b64encode(payload).decode(),
            })
        message = {
            "mail_from": sender,
            "rcpt_to": recipients,
            "data": data.decode("utf-8", "replace"),
            "headers": {key: str(value) for key, value in parsed.items()},
            "content_type": parsed.get_content_type(),
            "parts": parts,
            "defects": [str(defect) for defect in parsed.defects],
            "tls": self.tls,
            "auth": user,
        }
        path = os.path.join(args.dir, "msg-%04d.json" % number)
        with open(path + ".tmp", "w") as out:
            json.dump(message, out)
        os.rename(path + ".tmp", path)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


# The parent may have blocked SIGTERM in the thread that started us.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
server = Server(("127.0.0.1", 0), Handler)
threading.Timer(args.max_seconds, server.shutdown).start()
print("PORT %d" % server.server_address[1], flush=True)
server.serve_forever()
