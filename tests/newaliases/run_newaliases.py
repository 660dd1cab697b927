"""run_newaliases.py -- smcf -bi against what the real sendmail's -bi
printed and wrote for the same alias files (make-goldens.sh made the
goldens): the messages and exit status byte for byte, the database's
mode and its key/value pairs (dumped with db5.3_dump, compared by
content).  Also: the database is replaced whole, and argv[0] newaliases
is -bi.

usage: run_newaliases.py SMCF TESTS_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import db_pairs  # noqa: E402

SMCF, TESTS = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
HERE = os.path.join(TESTS, "newaliases")
CORPUS = os.path.join(TESTS, "conformance", "corpus")
failures = []


def check(name, cond, detail=""):
    print("ok  " if cond else "FAIL", name, "" if cond else detail[:3000])
    if not cond:
        failures.append(name)


def smcf(maildir, extra, argv0=None):
    cmd = [argv0 or SMCF, "--hostname", "mx.test.example",
           "--hosts-file", os.path.join(CORPUS, "pinned", "hosts"),
           "--passwd-file", os.path.join(CORPUS, "pinned", "passwd"),
           "--group-file", os.path.join(CORPUS, "pinned", "group"), "--uid", "0", "--no-dns",
           "--remap", "/etc/mail/generic-linux.cf=" + os.path.join(CORPUS, "configs", "generic-linux.cf"),
           "--remap", "/etc/mail/service.switch=" + os.path.join(CORPUS, "pinned", "service.switch"),
           "--remap", "/etc/mail=" + maildir, *extra, "-C", "/etc/mail/generic-linux.cf"]
    if argv0 is None:
        cmd.insert(1, "-bi")
    p = subprocess.run(cmd, capture_output=True, timeout=60, env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "LC_ALL": "C"})
    return (p.stdout + p.stderr).decode("latin-1") + "exit %d\n" % p.returncode


def database(maildir):
    db = os.path.join(maildir, "aliases.db")
    if not os.path.exists(db):
        return "no database\n"
    dump = subprocess.run(["db5.3_dump", "-p", db], capture_output=True, check=True).stdout.decode("latin-1")
    kind, ps = db_pairs.pairs(dump)
    mode = "mode %o" % (os.stat(db).st_mode & 0o777)
    return "\n".join([mode, "type=" + kind, *ps]) + "\n"


def fresh_maildir(case_dir):
    d = tempfile.mkdtemp(prefix="smcf-newaliases-")
    shutil.copytree(os.path.join(CORPUS, "configs", "etc-mail"), d, dirs_exist_ok=True)
    if os.path.exists(os.path.join(case_dir, "aliases")):
        shutil.copy(os.path.join(case_dir, "aliases"), d)
    return d


def main():
    if shutil.which("db5.3_dump") is None:
        print("db5.3_dump (db5.3-util) is missing")
        sys.exit(77)
    cases = sorted(os.listdir(os.path.join(HERE, "cases")))
    for case in cases:
        cdir = os.path.join(HERE, "cases", case)
        extra = open(os.path.join(cdir, "args")).read().splitlines() if os.path.exists(os.path.join(cdir, "args")) else []
        d = fresh_maildir(cdir)
        try:
            out = smcf(d, extra)
            want = open(os.path.join(cdir, "expected.out"), encoding="latin-1").read()
            check("%s: messages and exit status" % case, out == want, "got:\n%s\nwant:\n%s" % (out, want))
            got_db, want_db = database(d), open(os.path.join(cdir, "expected.db"), encoding="latin-1").read()
            check("%s: database" % case, got_db == want_db, "got:\n%s\nwant:\n%s" % (got_db, want_db))
            if os.path.exists(os.path.join(cdir, "verify")):
                addrs = open(os.path.join(cdir, "verify")).read().split()
                out = smcf(d, [*extra, "-bv", *addrs])
                want = open(os.path.join(cdir, "expected.bv"), encoding="latin-1").read()
                check("%s: -bv reads the rebuilt database as sendmail reads its own" % case, out == want,
                      "got:\n%s\nwant:\n%s" % (out, want))
            if case == "clean":
                # A rebuild replaces the database whole: the old entries are gone.
                with open(os.path.join(d, "aliases"), "w") as f:
                    f.write("root: carol\n")
                out = smcf(d, extra)
                got = database(d)
                check("clean: a second rebuild replaces the database", out.endswith("exit 0\n") and
                      "root\\00 => carol\\00" in got and "postmaster\\00" not in got and
                      not [n for n in os.listdir(d) if ".smcf-" in n], out + got)
                # A real user not in class t may not rebuild (and nothing is written).
                os.unlink(os.path.join(d, "aliases.db"))
                out = smcf(d, [*extra, "--uid", "1001"])
                check("an untrusted user may not rebuild", out.endswith("exit 64\n") and "not trusted" in out and
                      not os.path.exists(os.path.join(d, "aliases.db")), out)
                # Called as newaliases, smcf is -bi.
                link = os.path.join(d, "newaliases")
                os.symlink(SMCF, link)
                out = smcf(d, extra, argv0=link)
                check("argv[0] newaliases is -bi", out == "/etc/mail/aliases: 1 aliases, longest 5 bytes, "
                      "9 bytes total\nexit 0\n", out)
        finally:
            shutil.rmtree(d, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)


main()
