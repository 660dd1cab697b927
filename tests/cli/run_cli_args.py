"""run_cli_args.py -- every option of every smcf mode and subcommand,
driven with bad values (ctest cli.bad_values), plus --help and --version.

A bad value (not a number, out of range, not one of the choices, missing)
must give exactly one line on stderr that names the option (and the value,
when there is one) and exit 64 -- never an abort, never silence.  The
options of each subcommand are read from its own --help, so an option
added later without a row here fails the test instead of going untested.

usage: run_cli_args.py SMCF
"""
import re
import subprocess
import sys

SMCF = sys.argv[1]
failures = []

# Options whose values are checked, with values that must be refused.
BAD_VALUES = {
    "--uid": ["abc", "12x", ""],
    "--threads": ["abc", "0", "99999999999", "-3", "257"],
    "--format": ["xml"],
    "--remap": ["noequals"],
}
# Options that take any string (a path, a name): only a missing value is an error.
FREE_VALUES = {"--hostname", "--hosts-file", "--passwd-file", "--group-file", "--nameserver", "-C", "--config",
               "-O", "-o", "--rulesets", "--output"}
FLAGS = {"--help", "-h", "--werror", "--no-dns", "--bundled-config", "--symbolic", "--update", "--version"}
SUBCOMMANDS = ["lint", "compile", "print", "resolve", "test", "coverage", "diff"]


def run(args, stdin=b""):
    p = subprocess.run([SMCF, *args], input=stdin, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")


def check(name, cond, detail=""):
    if cond:
        print("ok  ", name)
    else:
        failures.append(name)
        print("FAIL", name, detail[:1500])


# CLI11 names an option by its long spelling.
ALIASES = {"-C": "--config"}
# What a subcommand needs besides the option under test, so that the
# option's error is the one reported (CLI11 checks required arguments
# first).
REQUIRED = {"lint": ["x.cf"], "compile": ["-o", "x.cfc", "x.cf"], "print": ["x.cf"], "resolve": [],
            "test": ["x.smcftest"], "coverage": ["a.txt"], "diff": ["a.cf", "b.cf", "a.txt"]}


def one_line_error(name, args, option, value=None):
    st, out, err = run(args)
    lines = err.splitlines()
    named = option in lines[0] or ALIASES.get(option, "\0") in lines[0] if lines else False
    ok = st == 64 and len(lines) == 1 and named and (value is None or value in lines[0]) and out == ""
    check(name, ok, "status %d stdout %r stderr %r" % (st, out[:200], err))


def options_of(sub):
    st, out, err = run([sub, "--help"])
    check("%s --help" % sub, st == 0 and out.startswith(sub) or "Usage" in out, "%d %r" % (st, out[:300]))
    opts = set()
    for line in out.splitlines():
        for m in re.finditer(r"(?:^|[ ,])(--?[A-Za-z][A-Za-z0-9-]*)", line.split("  ")[1] if line.startswith("  ") and
                             len(line.split("  ")) > 1 else ""):
            opts.add(m.group(1))
    return opts


def test_subcommands():
    for sub in SUBCOMMANDS:
        opts = options_of(sub)
        check("%s --help lists options" % sub, len(opts) > 2, str(opts))
        for opt in sorted(opts):
            if opt in FLAGS:
                continue
            known = opt in BAD_VALUES or opt in FREE_VALUES
            check("%s %s has a row in this test" % (sub, opt), known)
            if not known:
                continue
            one_line_error("%s %s (missing value)" % (sub, opt), [sub, opt], opt)
            for v in BAD_VALUES.get(opt, []):
                if v == "":
                    one_line_error("%s %s=''" % (sub, opt), [sub, opt + "="], opt)
                else:
                    one_line_error("%s %s %s" % (sub, opt, v), [sub, opt, v], opt, v)
        one_line_error("%s --bogus" % sub, [sub, "--bogus", *REQUIRED[sub]], "--bogus")
        if REQUIRED[sub]:
            one_line_error("%s without its arguments" % sub, [sub], "required")


def test_sendmail_modes():
    for mode in ["-bt", "-bv", "-bp", "-q", "-bm"]:
        st, out, err = run([mode, "--help"])
        check("%s --help" % mode, st == 0 and out.startswith("usage: smcf") and err == "", "%d %r" % (st, err))
    numbers = ["--uid", "--pin-time", "--pin-pid", "--pin-random", "--pin-load-average", "--pin-processors"]
    for opt in numbers:
        one_line_error("-bt %s abc" % opt, ["-bt", opt, "abc"], opt, "abc")
        one_line_error("-bt %s (missing value)" % opt, ["-bt", opt], opt)
    for opt in ["--pin-random", "--pin-load-average", "--pin-processors"]:
        one_line_error("-bt %s -5" % opt, ["-bt", opt, "-5"], opt, "-5")
    one_line_error("-bt --uid 99999999999999999999", ["-bt", "--uid", "99999999999999999999"], "--uid",
                   "99999999999999999999")
    for opt in ["--hostname", "--hosts-file", "--passwd-file", "--group-file", "--nameserver", "--remap", "--format"]:
        one_line_error("-bt %s (missing value)" % opt, ["-bt", opt], opt)
    one_line_error("-bp --format xml", ["-bp", "--format", "xml"], "--format", "xml")
    one_line_error("-bt --remap x", ["-bt", "--remap", "x"], "--remap", "x")
    for flag in ["-C", "-O", "-f", "-F", "-N", "-R", "-V", "-M"]:
        one_line_error("%s (missing value)" % flag, ["-bt", flag], flag)
    one_line_error("-o (missing value)", ["-bt", "-o"], "-o")
    one_line_error("-B bogus", ["-B", "bogus", "root"], "-B", "bogus")
    one_line_error("-bz", ["-bz"], "-bz")
    one_line_error("-q bogus", ["-qxyz"], "-qxyz")
    one_line_error("-t with junk", ["-tx"], "-tx")
    one_line_error("--bogus", ["-bt", "--bogus"], "--bogus")
    st, out, err = run([])
    check("no arguments: one line, 64", st == 64 and len(err.splitlines()) == 1, err)


def test_help_version():
    st, out, err = run(["--help"])
    check("smcf --help", st == 0 and "Subcommands:" in out and "lint" in out and "-bt" in out and err == "", out[:500])
    st, out, err = run(["--version"])
    check("smcf --version", st == 0 and re.match(r"smcf \d+\.\d+\.\d+\n", out) and "8.17.1.9" in out, out)
    st, out, err = run(["-bt", "--version"])
    check("smcf -bt --version", st == 0 and "8.17.1.9" in out, out)


def test_repeatable_options_take_one_value():
    # A repeatable option takes one value per occurrence: the next word is
    # the file, not a second FROM=TO.
    import os
    import tempfile
    fd, cf = tempfile.mkstemp(suffix=".cf")
    os.write(fd, b"V10\nSFoo\nR$*\t$@ $1\n")
    os.close(fd)
    try:
        for sub in (["lint"], ["print"], ["compile", "-o", cf + "c"]):
            st, out, err = run([*sub, "--remap", "/nonexistent=/tmp", "--nameserver", "127.0.0.1", cf]
                               if sub[0] != "lint" else [*sub, "--remap", "/nonexistent=/tmp", cf])
            # (lint's findings on this small cf make its status 2: not a usage error)
            check("%s --remap A=B FILE reads FILE" % sub[0], st == (2 if sub[0] == "lint" else 0) and
                  "--remap" not in err, "%d %r %r" % (st, out[:300], err))
    finally:
        for f in (cf, cf + "c"):
            if os.path.exists(f):
                os.unlink(f)


test_help_version()
test_repeatable_options_take_one_value()
test_subcommands()
test_sendmail_modes()
if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
