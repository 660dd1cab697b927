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
import calendar
import email.utils
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pinned_machine  # noqa: E402

SPOOL = "/var/spool/smcf-deliver"
FILES = "/tmp/smcf-deliver-files"   # where tests/deliver/aliases puts files
PROG = "/tmp/smcf-deliver-prog"     # the program it pipes to


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
    os.chmod(captured, 0o1777)  # programs run as other users (a program alias: DefaultUser)
    submit_args = os.path.join(case, "submit-args")
    if os.path.exists(submit_args):
        os.makedirs(queue)  # smcf makes its own queue entry (below)
    else:
        shutil.copytree(os.path.join(case, "queue"), queue)
    capture = os.path.join(work, "capture")
    src = open(os.path.join(tests, "interop", "capture")).read()
    open(capture, "w").write(src.replace("dir=/tmp/smcf-capture", "dir=" + captured))
    os.chmod(capture, 0o755)
    aliases = os.path.exists(os.path.join(case, "uses-aliases"))
    cf_name = "interop-aliases.cf" if aliases else "interop.cf"
    cf = os.path.join(work, cf_name)
    with open(cf, "wb") as out:
        subprocess.run(["sh", os.path.join(tests, "deliver", "make-cf.sh"), capture] +
                       (["/etc/mail/deliver-aliases"] if aliases else []), stdout=out, check=True)
    cmd = pinned_machine.smcf_command(smcf, tests, cf, cf_name, SPOOL, queue)
    files_dir = os.path.join(work, "files")
    if aliases:
        # The alias file, the files it names and its program, where the
        # queue (written by sendmail) says they are.
        os.makedirs(files_dir)
        os.chmod(files_dir, 0o1777)
        shutil.copy(capture, PROG)
        cmd[1:1] = ["--remap", "/etc/mail/deliver-aliases=" + os.path.join(tests, "deliver", "aliases"),
                    "--remap", "/etc/mail/deliver-include=" + os.path.join(tests, "deliver", "include-list"),
                    "--remap", FILES + "=" + files_dir]
    run_args = os.path.join(case, "run-args")
    if os.path.exists(run_args):
        cmd += open(run_args).read().split()
    cmd += ["-q"]
    env = pinned_machine.ENV
    after = files(os.path.join(case, "after"))
    deliveries = files(os.path.join(case, "deliveries"))
    written = list(deliveries.values()) + list(files(os.path.join(case, "files")).values())

    def first(datas, pattern, seconds):
        """`seconds` of the first match of `pattern` in `datas`, as a string; None if none."""
        for data in datas:
            m = re.search(pattern, data, flags=re.M)
            if m and seconds(m.group(1)) is not None:
                return str(seconds(m.group(1)))
        return None

    def date_header(v):
        return int(email.utils.parsedate_to_datetime(v.decode()).timestamp())

    # The queue run's time: the attempt sendmail recorded, or the time in a
    # notification's MIME boundary (id.time/host), or the date of a
    # UnixFromLine ("From alice Thu Dec  3 12:36:59 2026"), or the Date:
    # sendmail gave a message it delivered at once.
    pinned = (first(after.values(), rb"^K([0-9]+)$", lambda v: int(v) or None) or
              first(deliveries.values(), rb'boundary="[^".]+\.([0-9]+)/', int) or
              first(written, rb"^From \S+ +([A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4})",
                    lambda v: calendar.timegm(time.strptime(v.decode(), "%a %b %d %H:%M:%S %Y"))) or
              first(deliveries.values(), rb"^Date: (.*)$", date_header))
    # The submission (of a case delivered at submission) at its Date:.
    submit_time = first(written, rb"^Date: (.*)$", date_header)
    base_cmd = list(cmd)
    if pinned:
        cmd[1:1] = ["--pin-time", pinned]
    known = set()
    if not os.path.exists(submit_args):
        known = {f[2:] for f in os.listdir(os.path.join(case, "queue")) if f.startswith("qf")}
    problems = []
    if os.path.exists(submit_args):
        # Delivered at submission: smcf submits the same message the same way.
        args = shlex.split(open(submit_args).read())
        message = open(os.path.join(tests, "submit", "messages",
                                    open(os.path.join(case, "submit-message")).read().strip()), "rb").read()
        scmd = base_cmd[:-1]
        if submit_time:
            scmd[1:1] = ["--pin-time", submit_time]
        p = subprocess.run(scmd + ["-odq"] + args, input=message, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env, timeout=120)
        want_rc = int(open(os.path.join(case, "submit-status")).read())
        if p.returncode != want_rc:
            problems.append("smcf submission exited %d, sendmail %d: %r" % (p.returncode, want_rc, p.stdout))
        if "-odb" in args:
            for _ in range(100):  # the background delivery, bounded: 10 s
                if len(files(captured)) >= len(deliveries):
                    break
                time.sleep(0.1)
            time.sleep(0.3)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=120)
    if p.returncode != 0:
        problems.append("smcf -q exited %d: %r" % (p.returncode, p.stdout))
    want = {k: normalised(v, capture, known) for k, v in deliveries.items()}
    got = {}
    for f, data in files(captured).items():
        first = data.split(b"\n", 1)[0]
        m = re.search(rb"\[-d\] \[(.*)\]$", first)
        key = m.group(1).decode() if m else "prog"
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
    want_f = {k: normalised(v, capture, known) for k, v in files(os.path.join(case, "files")).items()}
    got_f = {k: normalised(v, capture, known) for k, v in files(files_dir).items()}
    if want_f:
        owners = open(os.path.join(case, "files", ".owners")).read()
        if os.geteuid() != 0:
            owners = re.sub(r" [0-9]+ [0-9]+ ", " (not root) ", owners)
        want_f[".owners"] = owners.encode()
    if got_f:
        lines = []
        for f in sorted(got_f):
            st = os.stat(os.path.join(files_dir, f))
            ids = "%d %d" % (st.st_uid, st.st_gid) if os.geteuid() == 0 else "(not root)"
            lines.append("%s %s %o\n" % (f, ids, st.st_mode & 0o7777))
        got_f[".owners"] = "".join(lines).encode()
    if want_f != got_f:
        problems.append("files differ: sendmail %s, smcf %s" % (sorted(want_f), sorted(got_f)))
        for k in sorted(set(want_f) & set(got_f)):
            if want_f[k] != got_f[k]:
                problems.append("--- sendmail %s\n%s\n--- smcf\n%s" % (k, want_f[k].decode("latin-1"),
                                                                     got_f[k].decode("latin-1")))
    def qname(k):
        return k if k[2:] in known else k[:2] + "NEWQUEUEID"
    want_q = {qname(k): normalised(v, capture, known) for k, v in after.items()}
    got_q = {qname(k): normalised(v, capture, known) for k, v in files(queue).items()}
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
        try:
            for name in names:
                problems = run_case(smcf, tests, name, scratch)
                print("%-16s %s" % (name, "ok" if not problems else "FAIL"))
                for pr in problems:
                    print(pr)
                failed += bool(problems)
        finally:
            # The program alias's fixed path: gone, so that the next run
            # (perhaps as another user) can make it again.
            if os.path.exists(PROG):
                os.unlink(PROG)
    print("delivery cases: %d/%d identical" % (len(names) - failed, len(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
