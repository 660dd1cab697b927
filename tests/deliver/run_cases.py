#!/usr/bin/env python3
"""run_cases.py -- smcf -q against the real sendmail's queue runs.

For every case made by make-goldens.sh (a queue written by the real
sendmail 8.17.1.9, what its `sendmail -qf` gave the local mailer, and the
queue it left), copies the queue, runs `smcf -q` on it with the same
config (generic-linux.cf, local mailer = a copy of tests/interop/capture
writing to a scratch directory, no alias file) in the corpus's pinned
machine, and compares byte for byte what the mailer was given (argv, uid,
message) and the queue left behind.  Three things are replaced in both
before comparing, because they depend on where the test runs: the
capture program's path (in the qf's status text), the df's inode (the
qf's I record), and the queue id of a notification the run made (it
holds the runner's pid).  A recipient given more than one message has
them as RCPT, RCPT.2, ... in the order the mailer ran.

  run_cases.py SMCF TESTS_DIR [CASE...]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pinned_machine  # noqa: E402

SPOOL = "/var/spool/smcf-deliver"


QUEUE_ID = re.compile(rb"\b[0-9A-Za-x]{8}[0-9]{6}\b")


def normalised(data, capture, known_ids=()):
    data = QUEUE_ID.sub(lambda m: m.group(0) if m.group(0).decode() in known_ids else b"NEWQUEUEID", data)
    data = data.replace(capture.encode(), b"CAPTURE")
    data = re.sub(rb"/work/[^ )]*/tests/deliver/\.\./interop/capture", b"CAPTURE", data)
    data = re.sub(rb"^I[0-9]+/[0-9]+/[0-9]+$", b"IINODE", data, flags=re.M)
    if os.geteuid() != 0:
        data = re.sub(rb"^uid: [0-9]+$", b"uid: (not root)", data, flags=re.M)
    return data


def files(d):
    if not os.path.isdir(d):
        return {}
    return {f: open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d)) if f != ".keep"}


def run_case(smcf, tests, name, scratch):
    case = os.path.join(tests, "deliver", "cases", name)
    corpus = os.path.join(tests, "conformance", "corpus")
    work = os.path.join(scratch, name)
    queue = os.path.join(work, "queue")
    captured = os.path.join(work, "captured")
    os.makedirs(captured)
    shutil.copytree(os.path.join(case, "queue"), queue)
    capture = os.path.join(work, "capture")
    src = open(os.path.join(tests, "interop", "capture")).read()
    open(capture, "w").write(src.replace("dir=/tmp/smcf-capture", "dir=" + captured))
    os.chmod(capture, 0o755)
    cf = os.path.join(work, "interop.cf")
    with open(cf, "wb") as out:
        subprocess.run(["sh", os.path.join(tests, "deliver", "make-cf.sh"), capture], stdout=out, check=True)
    cmd = pinned_machine.smcf_command(smcf, tests, cf, "interop.cf", SPOOL, queue)
    run_args = os.path.join(case, "run-args")
    if os.path.exists(run_args):
        cmd += open(run_args).read().split()
    cmd += ["-q"]
    env = pinned_machine.ENV
    # The queue run's time: the attempt sendmail recorded, if any.
    after = files(os.path.join(case, "after"))
    deliveries = files(os.path.join(case, "deliveries"))
    pinned = None
    for data in after.values():
        m = re.search(rb"^K([0-9]+)$", data, flags=re.M)
        if m and m.group(1) != b"0":
            pinned = m.group(1).decode()
    # ... or the time in a notification's MIME boundary (id.time/host).
    for data in deliveries.values():
        m = re.search(rb'boundary="[^".]+\.([0-9]+)/', data)
        if m and pinned is None:
            pinned = m.group(1).decode()
    if pinned:
        cmd[1:1] = ["--pin-time", pinned]
    known = {f[2:] for f in os.listdir(os.path.join(case, "queue")) if f.startswith("qf")}
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=120)
    problems = []
    if p.returncode != 0:
        problems.append("smcf -q exited %d: %r" % (p.returncode, p.stdout))
    want = {k: normalised(v, capture, known) for k, v in deliveries.items()}
    got = {}
    for f, data in files(captured).items():
        first = data.split(b"\n", 1)[0]
        m = re.search(rb"\[-d\] \[(.*)\]$", first)
        key = m.group(1).decode() if m else f
        n, name = 1, key
        while name in got:
            n += 1
            name = "%s.%d" % (key, n)
        got[name] = normalised(data, capture, known)
    if want != got:
        problems.append("deliveries differ: sendmail %s, smcf %s" % (sorted(want), sorted(got)))
        for k in sorted(set(want) & set(got)):
            if want[k] != got[k]:
                problems.append("--- sendmail %s\n%s\n--- smcf\n%s" % (k, want[k].decode("latin-1"),
                                                                     got[k].decode("latin-1")))
    want_q = {k: normalised(v, capture, known) for k, v in after.items()}
    got_q = {k: normalised(v, capture, known) for k, v in files(queue).items()}
    if want_q != got_q:
        problems.append("queue after the run differs: sendmail %s, smcf %s" % (sorted(want_q), sorted(got_q)))
        for k in sorted(set(want_q) & set(got_q)):
            if want_q[k] != got_q[k]:
                problems.append("--- sendmail %s\n%s\n--- smcf\n%s" % (k, want_q[k].decode("latin-1"),
                                                                     got_q[k].decode("latin-1")))
    return problems


def main():
    smcf, tests = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or sorted(os.listdir(os.path.join(tests, "deliver", "cases")))
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o755)
        for name in names:
            problems = run_case(smcf, tests, name, scratch)
            print("%-16s %s" % (name, "ok" if not problems else "FAIL"))
            for pr in problems:
                print(pr)
            failed += bool(problems)
    print("delivery cases: %d/%d identical" % (len(names) - failed, len(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
