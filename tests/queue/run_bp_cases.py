#!/usr/bin/env python3
"""run_bp_cases.py -- smcf -bp against the real sendmail's listings.

For every case in tests/queue/bp/ (made by make-bp-goldens.sh with the
real sendmail 8.17.1.9), copies the case's queue to a scratch directory
(a listing may lose a bad qf, as sendmail's does), runs `smcf -bp` on it
in the corpus's pinned machine, and compares stdout+stderr byte for byte
with CASE/expected and the exit status with CASE/status.

  run_bp_cases.py SMCF TESTS_DIR [CASE...]
"""
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pinned_machine  # noqa: E402

SPOOL = "/var/spool/smcf-golden"


def run_case(smcf, tests, name, scratch):
    case = os.path.join(tests, "queue", "bp", name)
    corpus = os.path.join(tests, "conformance", "corpus")
    queue = os.path.join(scratch, name)
    if os.path.isdir(os.path.join(case, "queue")):
        shutil.copytree(os.path.join(case, "queue"), queue)
    else:
        os.makedirs(queue)
    keep = os.path.join(queue, ".keep")
    if os.path.exists(keep):
        os.unlink(keep)
    args = []
    if os.path.exists(os.path.join(case, "args")):
        args = [a for a in open(os.path.join(case, "args")).read().split("\n") if a]
    cf = os.path.join(corpus, "configs", "generic-linux.cf")
    cmd = pinned_machine.smcf_command(smcf, tests, cf, "generic-linux.cf", SPOOL, queue) + args + ["-bp"]
    locks = []
    lock_file = os.path.join(case, "lock")
    if os.path.exists(lock_file):
        for qid in open(lock_file).read().split():
            fd = os.open(os.path.join(queue, "qf" + qid), os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX)
            locks.append(fd)
    env = pinned_machine.ENV
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=60)
    finally:
        for fd in locks:
            os.close(fd)
    expected = open(os.path.join(case, "expected"), "rb").read()
    status = int(open(os.path.join(case, "status")).read().strip())
    problems = []
    if p.stdout != expected:
        problems.append("output differs:\n--- sendmail\n%s\n--- smcf\n%s" %
                        (expected.decode("latin-1"), p.stdout.decode("latin-1")))
    if p.returncode != status:
        problems.append("exit status %d, sendmail's %d" % (p.returncode, status))
    return problems


def main():
    smcf, tests = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or sorted(os.listdir(os.path.join(tests, "queue", "bp")))
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            problems = run_case(smcf, tests, name, scratch)
            print("%-20s %s" % (name, "ok" if not problems else "FAIL"))
            for pr in problems:
                print(pr)
            failed += bool(problems)
    print("bp cases: %d/%d identical" % (len(names) - failed, len(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
