#!/usr/bin/env python3
"""smtp_compare.py -- the SMTP server, smcf -bD against the real sendmail
8.17 -bD, side by side in one run, in the corpus's pinned environment
(tests/conformance/corpus/sendmail-bt; needs root and sendmail-bin).

  python3 bench/smtp_compare.py [--smcf build/smcf] [--clients 4] [--messages 250] [--repeat 3]

Each server listens on 127.0.0.1:2525 with the relay-checks config and
DeliveryMode=queue (every message committed -- df and qf fsynced, renamed,
directory fsynced -- before its 250).  --clients connections at once each
send --messages messages of 4 KB, pipelining MAIL, RCPT and DATA; the
figure is messages/s from the first connection to the last 250, all
messages checked to be in the queue.  The fsync floor is the same
commit done by one process alone (commit_floor's steps, in Python's os
calls), which bounds any server that commits each message by itself.
Each figure is the median of --repeat runs, the servers alternating;
the spread (min-max) is printed.
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
PORT = 2525
BODY = b"".join(b"line %04d of the benchmark message, 64 bytes long, more or less..\r\n" % i for i in range(60))


def read_replies(f, n):
    got = []
    while len(got) < n:
        line = f.readline()
        if not line:
            raise RuntimeError("connection closed")
        if line[3:4] != b"-":
            got.append(line)
    return got


def client(n, ok, errors):
    try:
        s = socket.create_connection(("127.0.0.1", PORT), timeout=60)
        f = s.makefile("rb")
        read_replies(f, 1)
        s.sendall(b"EHLO bench.example\r\n")
        read_replies(f, 1)
        for i in range(n):
            s.sendall(b"MAIL FROM:<alice@host.example.com>\r\nRCPT TO:<root>\r\nDATA\r\n")
            r = read_replies(f, 3)
            if not r[2].startswith(b"354"):
                raise RuntimeError("DATA: %r" % r)
            s.sendall(b"Subject: bench %d\r\n\r\n" % i + BODY + b".\r\n")
            r = read_replies(f, 1)
            if not r[0].startswith(b"250"):
                raise RuntimeError("end of data: %r" % r)
            ok.append(1)
        s.sendall(b"QUIT\r\n")
        s.close()
    except Exception as e:  # noqa: BLE001 -- reported below
        errors.append(str(e))


def one_server(argv, qdir, clients, messages):
    d = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not start: %s" % argv[0])
                time.sleep(0.05)
        time.sleep(0.3)
        ok, errors = [], []
        threads = [threading.Thread(target=client, args=(messages, ok, errors)) for _ in range(clients)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        elapsed = time.monotonic() - t0
    finally:
        d.terminate()
        d.wait(30)
    queued = len([f for f in os.listdir(qdir) if f.startswith("qf")])
    if errors or len(ok) != clients * messages or queued != clients * messages:
        raise RuntimeError("%s: %d accepted, %d queued, errors %s" % (argv[0], len(ok), queued, errors[:3]))
    return clients * messages / elapsed


def fsync_floor(n, scratch):
    d = os.path.join(scratch, "floor")
    os.makedirs(d)
    data = BODY
    t0 = time.monotonic()
    dfd = os.open(d, os.O_RDONLY)
    for i in range(n):
        for name in ("df%06d" % i, "tf%06d" % i):
            fd = os.open(os.path.join(d, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, data if name[0] == "d" else b"V8\n" * 40)
            os.fsync(fd)
            os.close(fd)
        os.rename(os.path.join(d, "tf%06d" % i), os.path.join(d, "qf%06d" % i))
        os.fsync(dfd)
    os.close(dfd)
    return n / (time.monotonic() - t0)


def inner(args):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    servers = {"sendmail": "/usr/sbin/sendmail", "smcf": args.smcf}
    rates = {"sendmail": [], "smcf": [], "floor": []}
    for rep in range(args.repeat):
        order = ["sendmail", "smcf"] if rep % 2 == 0 else ["smcf", "sendmail"]
        for name in order:
            scratch = tempfile.mkdtemp(prefix="smtpbench.", dir="/var/tmp")
            qdir = os.path.join(scratch, "q")
            os.makedirs(qdir, 0o700)
            argv = [servers[name], "-bD", "-ODontProbeInterfaces=true", "-C", "/etc/mail/relay-checks.cf",
                    "-ODeliveryMode=queue", "-OQueueDirectory=" + qdir,
                    "-ODaemonPortOptions=Port=%d,Addr=127.0.0.1,Name=MTA" % PORT, "-OMaxDaemonChildren=0"]
            rates[name].append(one_server(argv, qdir, args.clients, args.messages))
            shutil.rmtree(scratch)
        scratch = tempfile.mkdtemp(prefix="smtpbench.", dir="/var/tmp")
        rates["floor"].append(fsync_floor(args.clients * args.messages, scratch))
        shutil.rmtree(scratch)
    med = {k: statistics.median(v) for k, v in rates.items()}
    print("SMTP server, %d clients x %d messages of %d bytes, pipelined, DeliveryMode=queue, median of %d:" %
          (args.clients, args.messages, len(BODY), args.repeat))
    for k in ("floor", "sendmail", "smcf"):
        print("  %-9s %8.1f msg/s  (spread %.1f-%.1f)" % (k, med[k], min(rates[k]), max(rates[k])))
    print("  smcf / sendmail = %.2fx;  smcf / fsync floor = %.2f;  sendmail / fsync floor = %.2f" %
          (med["smcf"] / med["sendmail"], med["smcf"] / med["floor"], med["sendmail"] / med["floor"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smcf", default=os.path.join(ROOT, "build", "smcf"))
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--messages", type=int, default=250)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--inner", action="store_true")
    args = ap.parse_args()
    args.smcf = os.path.abspath(args.smcf)
    if args.inner:
        return inner(args)
    cmd = [os.path.join(CORPUS, "sendmail-bt"), "--exec", "-M", os.path.join(CORPUS, "configs", "etc-mail"),
           os.path.join(CORPUS, "configs", "relay-checks.cf"), "--", sys.executable, os.path.abspath(__file__),
           "--inner", "--smcf", args.smcf, "--clients", str(args.clients), "--messages", str(args.messages),
           "--repeat", str(args.repeat)]
    return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main())
