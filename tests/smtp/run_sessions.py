#!/usr/bin/env python3
"""run_sessions.py -- smcf's SMTP server against the real sendmail's.

Each script in sessions/ is played (smtp_session.py, on a real TCP
connection from the script's client address, in a network namespace of
its own) against `smcf -bs` in the corpus's pinned machine, and the
transcript -- every reply, the exit status, the queue files left -- is
compared with the one the real sendmail 8.17.1.9 gave (golden/, made by
make-goldens.sh).  Only what differs from run to run in sendmail itself is
normalised: dates (greeting, Received:, Date:), the time in Message-Id,
queue ids, and the random challenge
of CRAM-MD5 / DIGEST-MD5.

  run_sessions.py SMCF TESTS_DIR [--daemon] [NAME...]

With --daemon the scripts of daemon-sessions.txt are played against
`smcf -bD` listening on 127.0.0.1:2525 (one daemon per script) and compared
with what `sendmail -bD` gave (golden-daemon/).

Needs a network namespace: root, or unprivileged user namespaces
(`unshare -rn`); exits 77 (skipped) when neither works.
"""
import base64
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import pinned_machine  # noqa: E402

SPOOL = "/var/spool/smtp-sessions"
DATE = re.compile(rb"[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+A-Z0-9]+")
MSGID_TIME = re.compile(rb"<[0-9]{12}\.")
QUEUE_ID = re.compile(rb"\b[0-9A-Za-x]{8}[0-9]{6}\b")


def normalise(text):
    out = []
    for line in text.split(b"\n"):
        line = DATE.sub(b"<date>", line)
        line = MSGID_TIME.sub(b"<YYYYMMDDHHMM.", line)
        line = QUEUE_ID.sub(b"<queue-id>", line)
        if line.startswith(b"S: 334 ") and len(line) > 24:
            try:
                challenge = base64.b64decode(line[7:], validate=True)
            except ValueError:
                challenge = b""
            if challenge.startswith(b"<") or b"nonce=" in challenge:
                line = b"S: 334 <challenge>"
        out.append(line)
    return b"\n".join(out)


def namespace_prefix():
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        if subprocess.run(prefix + ["true"], stderr=subprocess.DEVNULL).returncode == 0:
            return prefix
    return None


def main():
    smcf, tests = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    daemon = args[:1] == ["--daemon"]
    if daemon:
        args = args[1:]
    here = os.path.join(tests, "smtp")
    if daemon:
        listed = [l.strip() for l in open(os.path.join(here, "daemon-sessions.txt")) if l.strip() and l[0] != "#"]
        names = args or listed
    else:
        names = args or sorted(f[:-4] for f in os.listdir(os.path.join(here, "sessions")) if f.endswith(".txt"))
    prefix = namespace_prefix()
    if prefix is None:
        print("run_sessions: no network namespace available (need root or user namespaces); skipped")
        return 77
    cf = os.path.join(tests, "conformance", "corpus", "configs", "relay-checks.cf")
    server = pinned_machine.smcf_command(smcf, tests, cf, "relay-checks.cf", SPOOL, "{queue}") + \
        ["-bD" if daemon else "-bs", "-ODontProbeInterfaces=true", "-ODeliveryMode=queue"]
    harness = [os.path.join(here, "smtp_session.py")]
    if daemon:
        server.append("-ODaemonPortOptions=Port=2525,Addr=127.0.0.1,Name=MTA")
        harness += ["--daemon", "2525"]
    goldens = os.path.join(here, "golden-daemon" if daemon else "golden")
    failed = []
    for name in names:
        script = os.path.join(here, "sessions", name + ".txt")
        want = open(os.path.join(goldens, name + ".out"), "rb").read()
        r = subprocess.run(prefix + [sys.executable] + harness + [script, "--"] + server,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=pinned_machine.ENV, timeout=120)
        got = r.stdout
        if normalise(got) != normalise(want):
            failed.append(name)
            print("FAIL %s" % name)
            import difflib
            for d in difflib.unified_diff(normalise(want).decode("latin-1").splitlines(),
                                          normalise(got).decode("latin-1").splitlines(),
                                          "sendmail", "smcf", lineterm="", n=2):
                print("  " + d)
    print("%d/%d SMTP sessions%s identical with sendmail's" %
          (len(names) - len(failed), len(names), " with the daemon (-bD)" if daemon else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
