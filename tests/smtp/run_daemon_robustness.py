#!/usr/bin/env python3
"""run_daemon_robustness.py -- smcf -bD under abuse, in a network namespace
of its own, every step bounded in time:

  1. MaxDaemonChildren=2 and two clients that connect and then say nothing
     (slowloris): a third client is not served while they hold both
     processes, and is served -- a whole transaction -- as soon as one of
     them goes away;
  2. a 1 MB command line: "421 ... Command too long", the connection
     closed, and the daemon answers the next client;
  3. 10,000 lines of binary garbage on one connection: closed after
     sendmail's 25 bad commands ("421 ... Too many bad commands"), and the
     daemon answers the next client;
  4. a client that sends half a message and vanishes: nothing is queued;
     one that completes gets its 250 only with the message in the queue.

  run_daemon_robustness.py SMCF TESTS_DIR
"""
import os
import random
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pinned_machine  # noqa: E402

PORT = 2526
SPOOL = "/var/spool/smtp-robust"


_pending = {}  # socket -> bytes read past the last reply


def reply(sock, deadline):
    """One whole reply (its last line), or None at EOF / the deadline.
    What was read beyond it is kept for the next call."""
    buf = _pending.pop(sock, b"")
    while True:
        while b"\r\n" in buf:
            l, buf = buf.split(b"\r\n", 1)
            if len(l) >= 4 and l[3:4] == b" ":
                _pending[sock] = buf
                return l
        if time.monotonic() >= deadline:
            _pending[sock] = buf
            return None
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            _pending[sock] = buf
            return None
        except OSError:
            return None
        if not chunk:
            return None
        buf += chunk


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    return s


def transaction(sock, deadline):
    steps = [b"EHLO robust.example", b"MAIL FROM:<alice@host.example.com>", b"RCPT TO:<root>", b"DATA"]
    for cmd in steps:
        sock.sendall(cmd + b"\r\n")
        r = reply(sock, deadline)
        if r is None:
            return None
    sock.sendall(b"Subject: robust\r\n\r\nbody\r\n.\r\n")
    r = reply(sock, deadline)
    sock.sendall(b"QUIT\r\n")
    return r


def expect(cond, what):
    if not cond:
        print("FAIL: " + what)
        sys.exit(1)
    print("ok: " + what)


def inner(smcf, tests):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    queue = tempfile.mkdtemp(prefix="robustq.")
    cf = os.path.join(tests, "conformance", "corpus", "configs", "relay-checks.cf")
    cmd = pinned_machine.smcf_command(smcf, tests, cf, "relay-checks.cf", SPOOL, queue) + [
        "-bD", "-ODontProbeInterfaces=true", "-ODeliveryMode=queue", "-OMaxDaemonChildren=2",
        "-OTimeout.command=20s", "-ODaemonPortOptions=Port=%d,Addr=127.0.0.1,Name=MTA" % PORT]
    daemon = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, env=pinned_machine.ENV)
    try:
        t0 = time.monotonic()
        while True:
            try:
                connect().close()
                break
            except OSError:
                expect(time.monotonic() - t0 < 10, "the daemon listens within 10 s")
                time.sleep(0.05)
        time.sleep(0.3)  # the probe's process ends

        # 1. slowloris beyond MaxDaemonChildren
        idle = [connect(), connect()]
        for s in idle:
            expect(reply(s, time.monotonic() + 5) is not None, "an idle client gets its greeting")
        third = connect()
        expect(reply(third, time.monotonic() + 1.5) is None,
               "a third client is not served while two idle ones hold MaxDaemonChildren=2")
        idle[0].close()
        greeting = reply(third, time.monotonic() + 10)
        expect(greeting is not None and greeting.startswith(b"220 "), "the third client is greeted then")
        r = transaction(third, time.monotonic() + 10)
        expect(r is not None and r.startswith(b"250 2.0.0 "),
               "the third client is served once an idle one goes away (%r)" % r)
        third.close()
        idle[1].close()
        time.sleep(0.6)

        # 2. a 1 MB command line
        s = connect()
        reply(s, time.monotonic() + 5)
        try:
            s.sendall(b"NOOP " + b"x" * (1 << 20) + b"\r\n")
        except OSError:
            pass
        r = reply(s, time.monotonic() + 10)
        expect(r is not None and r.startswith(b"421 4.7.0") and b"Command too long" in r,
               "a 1 MB command line: 421 Command too long (%r)" % (r[:60] if r else r))
        s.close()

        # 3. binary garbage
        rng = random.Random(1)
        s = connect()
        reply(s, time.monotonic() + 5)
        garbage = b"".join(bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 80))).replace(b"\n", b"")
                           + b"\r\n" for _ in range(10000))
        try:
            s.sendall(garbage)
        except OSError:
            pass
        seen = b""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            s.settimeout(1)
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        expect(b"Too many bad commands; closing connection" in seen,
               "10,000 garbage lines: closed after too many bad commands")
        s.close()
        time.sleep(0.3)

        # 4. half a message, then a whole one
        before = set(os.listdir(queue))
        s = connect()
        reply(s, time.monotonic() + 5)
        for c in (b"EHLO x", b"MAIL FROM:<alice@host.example.com>", b"RCPT TO:<root>", b"DATA"):
            s.sendall(c + b"\r\n")
            reply(s, time.monotonic() + 5)
        s.sendall(b"Subject: cut\r\n\r\npartial")
        s.close()
        time.sleep(0.5)
        expect(set(os.listdir(queue)) == before, "a message cut off in DATA leaves nothing in the queue")
        s = connect()
        reply(s, time.monotonic() + 5)
        r = transaction(s, time.monotonic() + 10)
        qid = r.split()[2].decode() if r and r.startswith(b"250 2.0.0 ") else ""
        expect(qid and os.path.exists(os.path.join(queue, "qf" + qid)),
               "a 250 after DATA means qf%s is in the queue" % qid)
        s.close()
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
    expect(daemon.returncode == 0, "the daemon stops on SIGTERM with status 0")
    return 0


def main():
    smcf, tests = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if len(sys.argv) > 3 and sys.argv[3] == "--inner":
        return inner(smcf, tests)
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        if subprocess.run(prefix + ["true"], stderr=subprocess.DEVNULL).returncode == 0:
            env = dict(os.environ)
            env["PATH"] = "/usr/sbin:/sbin:/usr/bin:/bin"
            return subprocess.run(prefix + [sys.executable, os.path.abspath(__file__), smcf, tests, "--inner"],
                                  env=env, timeout=300).returncode
    print("run_daemon_robustness: no network namespace available; skipped")
    return 77


if __name__ == "__main__":
    sys.exit(main())
