#!/usr/bin/env python3
"""run_cases.py -- smcf's submission against the real sendmail's.

For every case made by make-goldens.sh (the real sendmail 8.17.1.9 in
the corpus's pinned machine), runs the same submission with smcf, with
smcf's clock, pid and queue-id sequence pinned to the ones sendmail
used (read back from sendmail's queue id and T record), and compares
byte for byte: the files left in the queue (names and contents), what was
printed, and the exit status.

  run_cases.py SMCF TESTS_DIR [CASE...]
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pinned_machine  # noqa: E402

SPOOL = "/var/spool/smcf-submit"
ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def scenarios(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, args, message = [f.strip() for f in line.split("|")]
        out[name] = ([w.replace("_", " ") for w in args.split()], message)
    return out


def pins(queue_dir):
    """The clock, pid and sequence sendmail used, from what it queued."""
    for f in os.listdir(queue_dir):
        if f.startswith("qf"):
            qid = f[2:]
            created = None
            for line in open(os.path.join(queue_dir, f), "rb"):
                if line.startswith(b"T"):
                    created = int(line[1:])
                    break
            seq = ID_CHARS.index(qid[6]) * 60 + ID_CHARS.index(qid[7])
            return ["--pin-time", str(created), "--pin-pid", str(int(qid[8:])), "--pin-random", str(seq)]
    return []


def files(d):
    return {f: open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d)) if f != ".keep"}


def run_case(smcf, tests, name, args, message, scratch):
    case = os.path.join(tests, "submit", "cases", name)
    corpus = os.path.join(tests, "conformance", "corpus")
    queue = os.path.join(scratch, name)
    os.makedirs(queue)
    cf = os.path.join(corpus, "configs", "generic-linux.cf")
    cmd = pinned_machine.smcf_command(smcf, tests, cf, "generic-linux.cf", SPOOL, queue) + \
        pins(os.path.join(case, "queue")) + ["-odq"] + args
    env = pinned_machine.ENV
    with open(os.path.join(tests, "submit", "messages", message), "rb") as stdin:
        p = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=60)
    problems = []
    expected_out = open(os.path.join(case, "out"), "rb").read()
    if p.stdout != expected_out:
        problems.append("output: sendmail %r, smcf %r" % (expected_out, p.stdout))
    status = int(open(os.path.join(case, "status")).read())
    if p.returncode != status:
        problems.append("exit status: sendmail %d, smcf %d" % (status, p.returncode))
    want, got = files(os.path.join(case, "queue")), files(queue)
    if sorted(want) != sorted(got):
        problems.append("queue files: sendmail %s, smcf %s" % (sorted(want), sorted(got)))
    for f in sorted(set(want) & set(got)):
        if want[f] != got[f]:
            problems.append("%s differs:\n--- sendmail\n%s\n--- smcf\n%s" %
                            (f, want[f].decode("latin-1"), got[f].decode("latin-1")))
    return problems


def main():
    smcf, tests = sys.argv[1], sys.argv[2]
    all_cases = scenarios(os.path.join(tests, "submit", "scenarios.txt"))
    names = sys.argv[3:] or sorted(all_cases)
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            args, message = all_cases[name]
            problems = run_case(smcf, tests, name, args, message, scratch)
            print("%-16s %s" % (name, "ok" if not problems else "FAIL"))
            for pr in problems:
                print(pr)
            failed += bool(problems)
    print("submission cases: %d/%d identical" % (len(names) - failed, len(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
