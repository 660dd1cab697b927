#!/usr/bin/env python3
"""fault_peer.py -- a small scriptable SMTP server on 127.0.0.1 for the SMTP
client tests: it answers like a plain ESMTP server unless a stage is told
to misbehave, and records what it received.

  fault_peer.py [STAGE=ACTION ...] [--record FILE]
      listens on a random port of 127.0.0.1, prints it on the first line
      of its standard output, serves until killed; with --record each
      connection's commands and message bytes are appended to FILE as one
      JSON object per line.

Used as a module (run_client.py): Peer(spec).start() -> port; .sessions;
.stop().

Stages: greeting, ehlo, helo, mail, rcpt (every RCPT), rcptN (the Nth
RCPT of a connection, from 1), data (the reply to DATA), dot (the reply
after the final "."), quit.  Actions:
  "CODE TEXT"      reply with that line ("|" separates the lines of a
                   multi-line reply: "250-first|250 last");
  drop             close the connection instead of replying (at "dot":
                   after the whole message was read);
  sleep:S          wait S seconds, then give the normal reply;
  garbage:N        send N bytes of garbage without a newline, then wait;
  hang             never answer (until the client goes away);
  stall:S          (at "data") answer 354, then read nothing for S seconds
                   and drop the connection.
"""
import json
import socket
import sys
import threading
import time

NORMAL = {
    "greeting": "220 peer.test.example ESMTP fault_peer",
    "ehlo": "250-peer.test.example Hello|250-SIZE 10000000|250-8BITMIME|250-ENHANCEDSTATUSCODES|250 HELP",
    "helo": "250 peer.test.example Hello",
    "mail": "250 2.1.0 Sender ok",
    "rcpt": "250 2.1.5 Recipient ok",
    "data": "354 Enter mail, end with \".\" on a line by itself",
    "dot": "250 2.0.0 Message accepted for delivery",
    "quit": "221 2.0.0 peer.test.example closing connection",
    "rset": "250 2.0.0 Reset state",
    "noop": "250 2.0.0 OK",
}

# The most bytes of one session the peer keeps (it reads and drops the rest).
MAX_KEEP = 8 << 20


class Dropped(Exception):
    pass


class Session:
    def __init__(self, conn, spec, record):
        self.conn, self.spec, self.record = conn, spec, record
        self.reader = conn.makefile("rb")
        self.rcpts = 0
        record.update({"commands": [], "messages": [], "closed_by": None})

    def readline(self):
        line = self.reader.readline(65536)
        if not line:
            raise Dropped()
        return line

    def act(self, stage, key=None):
        action = self.spec.get(key) if key else None
        if action is None:
            action = self.spec.get(stage)
        if action is None:
            action = NORMAL[stage]
        if action == "drop":
            raise Dropped()
        if action == "hang":
            while self.conn.recv(65536):
                pass
            raise Dropped()
        if action.startswith("stall:"):
            self.conn.sendall(b"354 go ahead\r\n")
            time.sleep(float(action.split(":", 1)[1]))
            raise Dropped()
        if action.startswith("sleep:"):
            time.sleep(float(action.split(":", 1)[1]))
            action = NORMAL[stage]
        if action.startswith("garbage:"):
            n = int(action.split(":", 1)[1])
            junk = (b"x" * 1023 + b"\x00") * (n // 1024 + 1)
            try:
                self.conn.sendall(junk[:n])
                while self.conn.recv(65536):
                    pass
            except OSError:
                pass
            raise Dropped()
        self.conn.sendall(("\r\n".join(action.split("|")) + "\r\n").encode())
        return action

    def run(self):
        self.act("greeting")
        while True:
            line = self.readline()
            text = line.rstrip(b"\r\n").decode("latin-1")
            self.record["commands"].append(text)
            verb = text.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.act("ehlo")
            elif verb == "HELO":
                self.act("helo")
            elif verb == "MAIL":
                self.act("mail")
            elif verb == "RCPT":
                self.rcpts += 1
                self.act("rcpt", "rcpt%d" % self.rcpts)
            elif verb == "DATA":
                reply = self.act("data")
                if not reply.startswith("354"):
                    continue
                data, kept = [], 0
                while True:
                    l = self.readline()
                    if l == b".\r\n":
                        break
                    if kept < MAX_KEEP:
                        data.append(l)
                        kept += len(l)
                self.record["messages"].append(b"".join(data).decode("latin-1"))
                self.act("dot")
            elif verb == "QUIT":
                self.act("quit")
                self.record["closed_by"] = "quit"
                return
            elif verb == "RSET":
                self.act("rset")
            elif verb == "NOOP":
                self.act("noop")
            else:
                self.conn.sendall(b"500 5.5.1 Command unrecognized\r\n")


class Peer:
    def __init__(self, spec=None, record_file=None, host="127.0.0.1", port=0):
        self.spec = dict(spec or {})
        self.record_file = record_file
        self.sessions = []
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stopping = False

    def start(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self.port

    def _accept(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        record = {}
        with self.lock:
            self.sessions.append(record)
        try:
            conn.settimeout(60)
            Session(conn, self.spec, record).run()
        except (Dropped, OSError):
            if record.get("closed_by") is None:
                record["closed_by"] = "drop"
        finally:
            conn.close()
            if self.record_file:
                with self.lock, open(self.record_file, "a") as f:
                    f.write(json.dumps(record) + "\n")

    def stop(self):
        self.stopping = True
        try:
            self.sock.close()
        except OSError:
            pass


def main(argv):
    spec, record = {}, None
    i = 0
    while i < len(argv):
        if argv[i] == "--record":
            record = argv[i + 1]
            i += 2
            continue
        stage, action = argv[i].split("=", 1)
        spec[stage] = action
        i += 1
    peer = Peer(spec, record)
    print(peer.start(), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        peer.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
