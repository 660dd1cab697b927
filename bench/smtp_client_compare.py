#!/usr/bin/env python3
"""smtp_client_compare.py -- the SMTP client: one queue run of N queued
messages to a sink on loopback, `smcf -q` against the real sendmail 8.17's
`sendmail -q` on an identical copy of the queue, in the corpus's pinned
environment (tests/conformance/corpus/sendmail-bt; needs root and
sendmail-bin).

  python3 bench/smtp_client_compare.py [--smcf build/smcf] [--messages 2000] [--repeat 3]

The messages (4 KB, to root@[127.0.0.1]) are queued once by smcf with
generic-linux.cf (-odq); each run copies that queue and runs it in the
foreground (-qf) through the esmtp mailer to a sink on 127.0.0.1:25 that
accepts everything and stores nothing (the sink is the same for both).
Printed: messages/s of each run, the SMTP connections the sink saw, and
the ratio; the queue must be empty after each run.  Median of --repeat,
programs alternating.
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "conformance", "corpus")
BODY = "".join("line %04d of the benchmark message, 64 bytes long, more or less..\n" % i for i in range(60))


class Sink:
    """An SMTP server that says yes to everything (PIPELINING offered)."""

    def __init__(self):
        self.connections = 0
        self.messages = 0
        self.lock = threading.Lock()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 25))
        self.listener.listen(64)
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while True:
            c, _ = self.listener.accept()
            with self.lock:
                self.connections += 1
            threading.Thread(target=self.serve, args=(c,), daemon=True).start()

    def serve(self, c):
        f = c.makefile("rb")
        c.sendall(b"220 sink.example ESMTP sink\r\n")
        while True:
            line = f.readline()
            if not line:
                break
            cmd = line[:4].upper()
            if cmd == b"EHLO":
                c.sendall(b"250-sink.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE\r\n")
            elif cmd == b"DATA":
                c.sendall(b"354 go\r\n")
                while True:
                    l = f.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                with self.lock:
                    self.messages += 1
                c.sendall(b"250 2.0.0 ok\r\n")
            elif cmd == b"QUIT":
                c.sendall(b"221 bye\r\n")
                break
            else:
                c.sendall(b"250 ok\r\n")
        c.close()


def inner(args):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    sink = Sink()
    scratch = tempfile.mkdtemp(prefix="smtpclient.", dir="/var/tmp")
    master = os.path.join(scratch, "master")
    os.makedirs(master, 0o700)
    cf = "/etc/mail/generic-linux.cf"
    base = ["-C", cf, "-ODontProbeInterfaces=true"]
    for i in range(args.messages):
        msg = "Subject: bench %d\nFrom: alice@mx.test.example\n\n%s" % (i, BODY)
        subprocess.run([args.smcf] + base + ["-odq", "-OQueueDirectory=" + master, "-f", "alice", "root@[127.0.0.1]"],
                       input=msg.encode(), check=True)
    progs = {"sendmail": "/usr/sbin/sendmail", "smcf": args.smcf}
    rates = {"sendmail": [], "smcf": []}
    conns = {"sendmail": [], "smcf": []}
    for rep in range(args.repeat):
        for name in (["sendmail", "smcf"] if rep % 2 == 0 else ["smcf", "sendmail"]):
            q = os.path.join(scratch, "q-%s-%d" % (name, rep))
            shutil.copytree(master, q)
            before_c, before_m = sink.connections, sink.messages
            t0 = time.monotonic()
            subprocess.run([progs[name]] + base + ["-OQueueDirectory=" + q, "-qf"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=1800)
            elapsed = time.monotonic() - t0
            left = len([f for f in os.listdir(q) if f.startswith("qf")])
            got = sink.messages - before_m
            if left or got != args.messages:
                raise SystemExit("%s: %d delivered, %d left in the queue" % (name, got, left))
            rates[name].append(args.messages / elapsed)
            conns[name].append(sink.connections - before_c)
            shutil.rmtree(q)
    shutil.rmtree(scratch)
    print("SMTP client: one queue run of %d messages of %d bytes to a loopback sink, median of %d:" %
          (args.messages, len(BODY), args.repeat))
    for k in ("sendmail", "smcf"):
        print("  %-9s %8.1f msg/s  (spread %.1f-%.1f), %d connections" %
              (k, statistics.median(rates[k]), min(rates[k]), max(rates[k]), statistics.median(conns[k])))
    print("  smcf / sendmail = %.2fx" % (statistics.median(rates["smcf"]) / statistics.median(rates["sendmail"])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smcf", default=os.path.join(ROOT, "build", "smcf"))
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--inner", action="store_true")
    args = ap.parse_args()
    args.smcf = os.path.abspath(args.smcf)
    if args.inner:
        return inner(args)
    cmd = [os.path.join(CORPUS, "sendmail-bt"), "--exec", "-M", os.path.join(CORPUS, "configs", "etc-mail"),
           os.path.join(CORPUS, "configs", "generic-linux.cf"), "--", sys.executable, os.path.abspath(__file__),
           "--inner", "--smcf", args.smcf, "--messages", str(args.messages), "--repeat", str(args.repeat)]
    return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main())
