#!/usr/bin/env python3
"""run_faults.py -- the queue loses no message: kill -9 at every step,
random kills, concurrent queue runners, a full disk.

Every check runs the smcf binary in the corpus's pinned machine with
generic-linux.cf whose local mailer is a copy of tests/interop/capture
(it records each delivery in a scratch directory), and counts deliveries
per message by the message's unique Subject:.

  run_faults.py SMCF TESTS_DIR [--trials N]

Checks (each bounded in count and time):
  matrix      a named failpoint at every step of the queue commit and
              before a queue run's commit: a killed submission leaves no
              qf unless the qf was already whole; after a clean queue run
              every accepted message is delivered; a kill between the
              mailer's success and the commit delivers twice (the one
              window for a duplicate), never zero times.
  random      N trials (default 300): a submission and a queue run, each
              killed by SIGKILL at a random moment; then one clean run:
              every message whose submission exited 0 is delivered at
              least once, with its whole body; duplicates are counted.
  concurrent  100 submissions, then three queue runners at once: every
              message delivered exactly once.
  diskfull    (root only) the queue on a 64 KB tmpfs: a large message is
              refused with exit 75 and leaves nothing behind; a small one
              afterwards is accepted and delivered.
"""
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pinned_machine  # noqa: E402

SPOOL = "/var/spool/smcf-faults"


class Rig:
    def __init__(self, smcf, tests, work):
        self.smcf, self.tests, self.work = smcf, tests, work
        corpus = os.path.join(tests, "conformance", "corpus")
        self.queue = os.path.join(work, "queue")
        self.captured = os.path.join(work, "captured")
        os.makedirs(self.queue)
        os.makedirs(self.captured)
        capture = os.path.join(work, "capture")
        src = open(os.path.join(tests, "interop", "capture")).read()
        open(capture, "w").write(src.replace("dir=/tmp/smcf-capture", "dir=" + self.captured))
        os.chmod(capture, 0o755)
        cf = os.path.join(work, "faults.cf")
        with open(cf, "wb") as out:
            subprocess.run(["sh", os.path.join(tests, "deliver", "make-cf.sh"), capture], stdout=out, check=True)
        self.base = pinned_machine.smcf_command(smcf, tests, cf, "faults.cf", SPOOL, self.queue)
        self.env = dict(pinned_machine.ENV)

    def message(self, tag, size=200, headers=""):
        body = "".join("line %d of %s\n" % (i, tag) for i in range(max(1, size // 20)))
        return ("Subject: %s\nFrom: alice@mx.test.example\n%s\n%sEND OF %s\n" % (tag, headers, body, tag)).encode()

    def submit(self, tag, failpoint=None, kill_after=None, size=200, headers=""):
        env = dict(self.env)
        if failpoint:
            env["SMCF_FAILPOINT"] = failpoint
        p = subprocess.Popen(self.base + ["-odq", "-f", "alice", "bob"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env)
        return self._finish(p, self.message(tag, size, headers), kill_after)

    def run_queue(self, failpoint=None, kill_after=None, wait=True):
        env = dict(self.env)
        if failpoint:
            env["SMCF_FAILPOINT"] = failpoint
        p = subprocess.Popen(self.base + ["-q"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env)
        if not wait:
            return p
        return self._finish(p, None, kill_after)

    def _finish(self, p, data, kill_after):
        if kill_after is not None:
            try:
                if data is not None:
                    p.stdin.write(data)
                    p.stdin.close()
            except BrokenPipeError:
                pass
            time.sleep(kill_after)
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
            p.wait(timeout=60)
            if p.stdout:
                p.stdout.read()
            return p.returncode
        out, _ = p.communicate(data, timeout=60)
        return p.returncode

    def qf_count(self):
        return len([f for f in os.listdir(self.queue) if f.startswith("qf")])

    def tally(self, accepted):
        """What the deliveries say of the messages in `accepted` (tags):
        the lost ones, the ones cut short (a delivery without its END
        line), the number of duplicate deliveries, and how many delivered
        messages were not in `accepted`."""
        got = self.deliveries()
        lost = [t for t in accepted if t not in got]
        corrupt = [t for t in accepted for d in got.get(t, []) if ("END OF %s" % t).encode() not in d]
        dups = sum(len(got[t]) - 1 for t in accepted if len(got.get(t, [])) > 1)
        accepted_set = set(accepted)
        extra = len([t for t in got if t not in accepted_set])
        return lost, corrupt, dups, extra

    def deliveries(self):
        """Subject -> list of captured message bytes."""
        out = {}
        for f in os.listdir(self.captured):
            if f.endswith(".tmp"):
                continue
            data = open(os.path.join(self.captured, f), "rb").read()
            m = re.search(rb"^Subject: (.*)$", data, flags=re.M)
            if m:
                out.setdefault(m.group(1).decode(), []).append(data)
        return out


def check(cond, what, failures):
    if not cond:
        failures.append(what)
        print("  FAIL:", what)


def matrix(smcf, tests, scratch, failures):
    steps = [("queue.df.write", False), ("queue.df.fsync", False), ("queue.tf.write", False),
             ("queue.tf.fsync", False), ("queue.rename", False), ("queue.dir.fsync", True),
             ("queue.committed", True)]
    for name, whole in steps:
        rig = Rig(smcf, tests, os.path.join(scratch, "matrix-" + name))
        rc = rig.submit("m-" + name, failpoint=name)
        check(rc == -signal.SIGKILL, "%s: submission killed (rc %s)" % (name, rc), failures)
        check(rig.qf_count() == (1 if whole else 0), "%s: %d qf left" % (name, rig.qf_count()), failures)
        check(rig.run_queue() == 0, "%s: clean queue run" % name, failures)
        got = len(rig.deliveries().get("m-" + name, []))
        check(got == (1 if whole else 0), "%s: delivered %d times" % (name, got), failures)
        print("  matrix %-18s qf %s, delivered %d" % (name, "whole" if whole else "none", got))
    rig = Rig(smcf, tests, os.path.join(scratch, "matrix-deliver"))
    check(rig.submit("m-deliver") == 0, "deliver: submission", failures)
    rc = rig.run_queue(failpoint="deliver.before-commit")
    check(rc == -signal.SIGKILL, "deliver.before-commit: run killed (rc %s)" % rc, failures)
    check(rig.qf_count() == 1, "deliver.before-commit: the qf stays", failures)
    check(rig.run_queue() == 0, "deliver.before-commit: clean run", failures)
    got = len(rig.deliveries().get("m-deliver", []))
    check(got == 2 and rig.qf_count() == 0, "deliver.before-commit: delivered %d times, %d qf" %
          (got, rig.qf_count()), failures)
    print("  matrix %-18s delivered %d (the duplicate window), qf removed" % ("deliver.before-commit", got))
    # A bounce is committed before the failed recipient leaves the qf: a
    # kill between the two gives a second bounce, never none.
    rig = Rig(smcf, tests, os.path.join(scratch, "matrix-bounce"))
    check(rig.submit("m-bounce", headers="X-Capture-Exit: 67\n") == 0, "bounce: submission", failures)
    rc = rig.run_queue(failpoint="deliver.bounce-queued")
    check(rc == -signal.SIGKILL, "deliver.bounce-queued: run killed (rc %s)" % rc, failures)
    check(rig.qf_count() == 2, "deliver.bounce-queued: the message and its bounce are queued (%d qf)" %
          rig.qf_count(), failures)
    check(rig.run_queue() == 0, "deliver.bounce-queued: clean run", failures)
    bounces = len(rig.deliveries().get("Returned mail: see transcript for details", []))
    check(bounces in (1, 2) and rig.qf_count() == 0, "deliver.bounce-queued: %d bounces, %d qf" %
          (bounces, rig.qf_count()), failures)
    print("  matrix %-18s %d bounce(s) delivered, qf removed" % ("deliver.bounce-queued", bounces))


def random_trials(smcf, tests, scratch, failures, trials, budget=120.0):
    rig = Rig(smcf, tests, os.path.join(scratch, "random"))
    rnd = random.Random(20261203)
    # The kill moments are spread over 1.5x what an undisturbed submission
    # and queue run take on this machine, so that trials land before,
    # inside and after each step however fast or loaded the machine is.
    t0 = time.monotonic()
    rig.submit("r-calibrate", size=2000)
    t_submit = time.monotonic() - t0
    t0 = time.monotonic()
    rig.run_queue()
    t_run = time.monotonic() - t0
    accepted, started = ["r-calibrate"], time.monotonic()
    done = 0
    for i in range(trials):
        if time.monotonic() - started > budget:
            break
        tag = "r-%d" % i
        rc = rig.submit(tag, kill_after=rnd.uniform(0, 1.5 * t_submit), size=rnd.choice([100, 2000, 40000]))
        if rc == 0:
            accepted.append(tag)
        rig.run_queue(kill_after=rnd.uniform(0, 1.5 * t_run))
        done += 1
    check(rig.run_queue() == 0, "random: the clean run", failures)
    lost, corrupt, dups, extra = rig.tally(accepted)
    check(not lost, "random: %d accepted messages lost: %s" % (len(lost), lost[:5]), failures)
    check(not corrupt, "random: %d deliveries cut short: %s" % (len(corrupt), corrupt[:5]), failures)
    print("  random: %d trials in %.1f s (kills within 1.5 x %.0f ms / %.0f ms), %d accepted, %d lost, %d corrupt, "
          "%d duplicate deliveries of accepted messages, %d killed before their exit 0 but delivered, %d qf left" %
          (done, time.monotonic() - started, 1000 * t_submit, 1000 * t_run, len(accepted), len(lost), len(corrupt),
           dups, extra, rig.qf_count()))


def concurrent(smcf, tests, scratch, failures, n=100):
    rig = Rig(smcf, tests, os.path.join(scratch, "concurrent"))
    for i in range(n):
        check(rig.submit("c-%d" % i) == 0, "concurrent: submission %d" % i, failures)
    runners = [rig.run_queue(wait=False) for _ in range(3)]
    for p in runners:
        p.communicate(timeout=300)
    rig.run_queue()
    got = rig.deliveries()
    wrong = {t: len(got.get(t, [])) for t in ("c-%d" % i for i in range(n)) if len(got.get(t, [])) != 1}
    check(not wrong, "concurrent: not exactly once: %s" % list(wrong.items())[:5], failures)
    print("  concurrent: %d messages, 3 runners: %d delivered exactly once" % (n, n - len(wrong)))


def disk_full(smcf, tests, scratch, failures):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        print("  diskfull: skipped (needs root and unshare)")
        return
    rig = Rig(smcf, tests, os.path.join(scratch, "diskfull"))
    script = ("mount -t tmpfs -o size=64k smcf-faults %s && " % rig.queue +
              "python3 -c 'import sys; sys.stdout.buffer.write(b\"Subject: big\\n\\n\" + b\"x\" * 200000 + b\"\\n\")' "
              "| %s -odq -f alice bob; echo rc=$?; ls %s; " % (" ".join(rig.base), rig.queue) +
              "printf 'Subject: small\\n\\nsmall\\n' | %s -odq -f alice bob; echo rc=$?; " % " ".join(rig.base) +
              "%s -q; ls %s" % (" ".join(rig.base), rig.queue))
    p = subprocess.run(["unshare", "-m", "sh", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=rig.env, timeout=120)
    out = p.stdout.decode("latin-1")
    codes = re.findall(r"rc=(\d+)", out)
    check(codes[:1] == ["75"], "diskfull: the large message gets exit 75 (got %s): %s" % (codes, out), failures)
    check(len(codes) > 1 and codes[1] == "0", "diskfull: the small one is accepted afterwards", failures)
    got = rig.deliveries()
    check("big" not in got and len(got.get("small", [])) == 1, "diskfull: deliveries %s" % sorted(got), failures)
    print("  diskfull: large message refused with 75, nothing half-queued delivered, small one delivered")


def main():
    smcf, tests = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    trials = int(sys.argv[sys.argv.index("--trials") + 1]) if "--trials" in sys.argv else 300
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o755)
        print("matrix:")
        matrix(smcf, tests, scratch, failures)
        print("random:")
        random_trials(smcf, tests, scratch, failures, trials)
        print("concurrent:")
        concurrent(smcf, tests, scratch, failures)
        print("diskfull:")
        disk_full(smcf, tests, scratch, failures)
    print("faults: %s" % ("all checks passed" if not failures else "%d checks failed" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
