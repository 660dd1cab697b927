#!/usr/bin/env python3
"""run_policy.py -- which entries a queue run takes, and in what order.

  run_policy.py SMCF TESTS_DIR

  order      three messages of different sizes (so different priorities,
             the smallest first in sendmail's default QueueSortOrder) are
             delivered smallest first;
  too young  an entry tried (N1, K now) is left alone by a run with
             MinQueueAge=1h and delivered by one with MinQueueAge=0;
  -qI        the same entry is delivered by a run limited to its id
             (a limited run ignores MinQueueAge/MaxQueueAge, as runqueue());
  locked     an entry whose qf another process holds locked is skipped
             and stays queued.
"""
import fcntl
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "faults"))
import run_faults  # noqa: E402


def subjects_in_order(rig):
    files = sorted(f for f in os.listdir(rig.captured) if not f.endswith(".tmp"))
    out = []
    for f in files:
        m = re.search(rb"^Subject: (.*)$", open(os.path.join(rig.captured, f), "rb").read(), flags=re.M)
        out.append(m.group(1).decode())
    return out


def main():
    smcf, tests = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o755)
        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "order"))
        for tag, size in (("big", 30000), ("small", 100), ("middle", 5000)):
            rig.submit(tag, size=size)
        rig.run_queue()
        got = subjects_in_order(rig)
        print("order:", got)
        if got != ["small", "middle", "big"]:
            failures.append("order: %s" % got)

        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "young"))
        rig.submit("young")
        qf = [f for f in os.listdir(rig.queue) if f.startswith("qf")][0]
        path = os.path.join(rig.queue, qf)
        data = open(path, "rb").read()
        now = int(subprocess.run(["date", "+%s"], stdout=subprocess.PIPE).stdout)
        data = re.sub(rb"^K0$", b"K%d" % now, re.sub(rb"^N0$", b"N1", data, flags=re.M), flags=re.M)
        open(path, "wb").write(data)
        subprocess.run(rig.base + ["-OMinQueueAge=1h", "-q"], env=rig.env, check=True)
        first = len(rig.deliveries().get("young", []))
        subprocess.run(rig.base + ["-OMinQueueAge=0", "-q"], env=rig.env, check=True)
        second = len(rig.deliveries().get("young", []))
        print("too young: delivered %d with MinQueueAge=1h, %d after a run with 0" % (first, second))
        if (first, second) != (0, 1):
            failures.append("too young: %d, %d" % (first, second))

        # A run limited with -qI ignores MinQueueAge (runqueue()).
        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "young-qI"))
        rig.submit("young-qI")
        qf = [f for f in os.listdir(rig.queue) if f.startswith("qf")][0]
        path = os.path.join(rig.queue, qf)
        data = open(path, "rb").read()
        data = re.sub(rb"^K0$", b"K%d" % now, re.sub(rb"^N0$", b"N1", data, flags=re.M), flags=re.M)
        open(path, "wb").write(data)
        subprocess.run(rig.base + ["-OMinQueueAge=1h", "-qI" + qf[2:]], env=rig.env, check=True)
        got = len(rig.deliveries().get("young-qI", []))
        print("too young, -qI: delivered %d with MinQueueAge=1h" % got)
        if got != 1:
            failures.append("too young with -qI: %d" % got)

        rig = run_faults.Rig(smcf, tests, os.path.join(scratch, "locked"))
        rig.submit("locked")
        qf = [f for f in os.listdir(rig.queue) if f.startswith("qf")][0]
        fd = os.open(os.path.join(rig.queue, qf), os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        rig.run_queue()
        held = len(rig.deliveries().get("locked", [])), rig.qf_count()
        os.close(fd)
        rig.run_queue()
        after = len(rig.deliveries().get("locked", [])), rig.qf_count()
        print("locked: while held %d delivered, %d qf; after %d delivered, %d qf" % (held + after))
        if held != (0, 1) or after != (1, 0):
            failures.append("locked: %s %s" % (held, after))
    print("policy: %s" % ("all checks passed" if not failures else "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
