#!/usr/bin/env python3
"""run_daemon_kill.py -- kill -9 of the SMTP daemon loses no accepted
message, in a network namespace of its own, with the faults suite's rig
(generic-linux.cf whose local mailer records every delivery).

  matrix  the connection's process killed at a named failpoint:
            queue.df.write  (inside DATA, before the commit): no 250, nothing
                            queued, nothing delivered;
            queue.committed (committed, 250 not yet sent): no 250, and the
                            message is delivered once -- the one window in
                            which a message the client did not see accepted
                            is delivered (the client would send it again);
            smtp.accepted   (after the 250): delivered once.
  random  N trials: a client sends messages one per connection while the
          daemon and all its processes are killed with SIGKILL at a random
          moment; then a clean queue run: every message that got its 250 is
          delivered, whole; how many were delivered without a 250 (the
          window above) is reported.

  run_daemon_kill.py SMCF TESTS_DIR [--trials N]
"""
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "faults"))
from run_faults import Rig  # noqa: E402

PORT = 2527


def start_daemon(rig, failpoint=None):
    env = dict(rig.env)
    if failpoint:
        env["SMCF_FAILPOINT"] = failpoint
    cmd = rig.base + ["-bD", "-ODeliveryMode=queue", "-ODaemonPortOptions=Port=%d,Addr=127.0.0.1,Name=MTA" % PORT]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=env, start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            time.sleep(0.2)
            return p
        except OSError:
            time.sleep(0.05)
    os.killpg(p.pid, signal.SIGKILL)
    raise SystemExit("the daemon did not listen")


def kill_daemon(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait(10)


def read_reply(sock):
    buf = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return None
        buf += chunk
        for l in buf.split(b"\r\n")[:-1]:
            if len(l) >= 4 and l[3:4] == b" ":
                return l


def send_message(rig, tag, size=2000):
    """True when the message got its 250 after DATA."""
    try:
        s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        s.settimeout(5)
        if read_reply(s) is None:
            return False
        for c in (b"HELO client", b"MAIL FROM:<alice@mx.test.example>", b"RCPT TO:<bob>", b"DATA"):
            s.sendall(c + b"\r\n")
            if read_reply(s) is None:
                return False
        body = rig.message(tag, size).replace(b"\n", b"\r\n")
        s.sendall(body + b".\r\n")
        r = read_reply(s)
        try:
            s.sendall(b"QUIT\r\n")
        except OSError:
            pass
        s.close()
        return r is not None and r.startswith(b"250 2.0.0 ")
    except OSError:
        return False


def check(cond, what, failures):
    print("  %s: %s" % ("ok" if cond else "FAIL", what))
    if not cond:
        failures.append(what)


def matrix(smcf, tests, scratch, failures):
    for fp, want_250, want_delivered in (("queue.df.write", False, 0), ("queue.committed", False, 1),
                                         ("smtp.accepted", True, 1)):
        rig = Rig(smcf, tests, os.path.join(scratch, "matrix-" + fp))
        d = start_daemon(rig, fp)
        got_250 = send_message(rig, "k-" + fp)
        kill_daemon(d)
        check(rig.run_queue() == 0, "%s: clean queue run" % fp, failures)
        n = len(rig.deliveries().get("k-" + fp, []))
        check(got_250 == want_250 and n == want_delivered,
              "%s: 250 %s, delivered %d time(s)" % (fp, "received" if got_250 else "not received", n), failures)


def random_trials(smcf, tests, scratch, failures, trials, budget=90.0):
    rig = Rig(smcf, tests, os.path.join(scratch, "random"))
    rnd = random.Random(20261204)
    accepted, sent = [], []
    started = time.monotonic()
    done = 0
    for i in range(trials):
        if time.monotonic() - started > budget:
            break
        d = start_daemon(rig)
        stop = threading.Event()

        def client(trial=i):
            n = 0
            while not stop.is_set():
                tag = "d-%d-%d" % (trial, n)
                n += 1
                sent.append(tag)
                if send_message(rig, tag, size=rnd.choice([200, 4000, 60000])):
                    accepted.append(tag)
                else:
                    break
        t = threading.Thread(target=client)
        t.start()
        time.sleep(rnd.uniform(0.0, 0.3))
        kill_daemon(d)
        stop.set()
        t.join(30)
        done += 1
    check(rig.run_queue() == 0, "random: the clean queue run", failures)
    lost, corrupt, dups, unacked = rig.tally(accepted)
    check(not lost and not corrupt, "random: %d trials in %.1f s, %d messages sent, %d got a 250, %d of those lost, "
          "%d cut short, %d duplicates, %d delivered without a 250 (killed between commit and reply)" %
          (done, time.monotonic() - started, len(sent), len(accepted), len(lost), len(corrupt), dups, unacked),
          failures)


def main():
    smcf, tests = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    trials = int(sys.argv[sys.argv.index("--trials") + 1]) if "--trials" in sys.argv else 40
    if "--inner" not in sys.argv:
        for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
            if subprocess.run(prefix + ["true"], stderr=subprocess.DEVNULL).returncode == 0:
                env = dict(os.environ)
                env["PATH"] = "/usr/sbin:/sbin:/usr/bin:/bin"
                return subprocess.run(prefix + [sys.executable, os.path.abspath(__file__)] + sys.argv[1:] +
                                      ["--inner"], env=env, timeout=600).returncode
        print("run_daemon_kill: no network namespace available; skipped")
        return 77
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o755)
        print("matrix:")
        matrix(smcf, tests, scratch, failures)
        print("random:")
        random_trials(smcf, tests, scratch, failures, trials)
    print("daemon kill: %s" % ("all checks passed" if not failures else "%d checks failed" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
