#!/usr/bin/env python3
"""run_hostile_mailers.py -- mailers that misbehave cannot hang a queue run,
blow up its memory or lose the message.

  run_hostile_mailers.py SMCF TESTS_DIR

  hangs      the local mailer sleeps 60 s; with the mailer's W=2s the run
             kills it and ends within 15 s, and the message stays queued
             with a "timed out" status (the next run tries again);
  noisy      the local mailer writes 3 MB to its standard error and exits
             0: the message is delivered and the run ends normally;
  noisy+fail the same mailer exits 67: the bounce to the sender quotes at
             most 1 MiB of that output (ProcessRequest::output_limit), and the
             failed message is gone from the queue; with two such
             recipients the transcript still holds 1 MiB in all
             (limits::kTranscript) and names both failures.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "faults"))
import run_faults  # noqa: E402


def with_local_wait(rig, seconds):
    """The rig's cf, its local mailer given W=<seconds>s."""
    path = None
    for a in rig.base:
        if a.startswith("/etc/mail/faults.cf="):
            path = a.split("=", 1)[1]
    text = open(path).read()
    text = re.sub(r"^Mlocal,\s*", "Mlocal, W=%ds, " % seconds, text, count=1, flags=re.M)
    open(path, "w").write(text)


def submit(rig, tag, headers, rcpts=("bob",)):
    msg = ("Subject: %s\nFrom: alice@mx.test.example\n%s\nbody of %s\n" % (tag, headers, tag)).encode()
    p = subprocess.run(rig.base + ["-odq", "-f", "alice"] + list(rcpts), input=msg, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, env=rig.env, timeout=60)
    return p.returncode


def qf_texts(rig):
    return [open(os.path.join(rig.queue, f), "rb").read() for f in os.listdir(rig.queue) if f.startswith("qf")]


def main():
    smcf, tests = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o755)

        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "hangs"))
        with_local_wait(rig, 2)
        rc = submit(rig, "hangs", "X-Capture-Sleep: 60\n")
        if rc != 0:
            failures.append("hangs: submission exited %d" % rc)
        start = time.monotonic()
        p = subprocess.run(rig.base + ["-q"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=rig.env,
                           timeout=60)
        took = time.monotonic() - start
        qfs = qf_texts(rig)
        status = re.search(rb"^M(.*)$", qfs[0], flags=re.M).group(1).decode() if qfs else ""
        print("hangs: run took %.1f s, exit %d, %d qf left, status %r" % (took, p.returncode, len(qfs), status))
        if took > 15 or len(qfs) != 1 or "timed out" not in status:
            failures.append("hangs")

        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "noisy"))
        submit(rig, "noisy", "X-Capture-Noise: 3000000\n")
        p = subprocess.run(rig.base + ["-q"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=rig.env,
                           timeout=120)
        got = rig.deliveries().get("noisy", [])
        print("noisy: exit %d, %d delivered, %d qf left" % (p.returncode, len(got), rig.qf_count()))
        if p.returncode != 0 or len(got) != 1 or rig.qf_count() != 0:
            failures.append("noisy")

        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "noisy-fail"))
        submit(rig, "noisy-fail", "X-Capture-Noise: 3000000\nX-Capture-Exit: 67\n")
        p = subprocess.run(rig.base + ["-q"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=rig.env,
                           timeout=120)
        bounces = []
        for f in sorted(os.listdir(rig.captured)):
            data = open(os.path.join(rig.captured, f), "rb").read()
            if b"Subject: Returned mail: see transcript for details" in data:
                bounces.append(data)
        size = len(bounces[0]) if bounces else 0
        print("noisy+fail: exit %d, %d bounce(s) of %d bytes, %d qf left" % (p.returncode, len(bounces), size,
                                                                           rig.qf_count()))
        if p.returncode != 0 or len(bounces) != 1 or not (1 << 20) < size < (1 << 20) + 8192 or rig.qf_count():
            failures.append("noisy+fail")

        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "noisy-two"))
        submit(rig, "noisy-two", "X-Capture-Noise: 3000000\nX-Capture-Exit: 67\n", rcpts=("bob", "carol"))
        p = subprocess.run(rig.base + ["-q"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=rig.env,
                           timeout=120)
        bounces = [open(os.path.join(rig.captured, f), "rb").read() for f in sorted(os.listdir(rig.captured))]
        bounces = [b for b in bounces if b"Subject: Returned mail: see transcript for details" in b]
        size = len(bounces[0]) if bounces else 0
        named = bool(bounces) and b"550 5.1.1 bob... User unknown" in bounces[0] and \
            b"550 5.1.1 carol... User unknown" in bounces[0]
        print("noisy, two recipients: %d bounce(s) of %d bytes, both failures named: %s" % (len(bounces), size, named))
        if len(bounces) != 1 or not size < (1 << 20) + 16384 or not named:
            failures.append("noisy-two")
    print("hostile mailers: %s" % ("all checks passed" if not failures else "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
