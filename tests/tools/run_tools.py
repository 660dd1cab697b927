"""run_tools.py -- smcf test, smcf coverage, smcf diff and smcf print
--symbolic on corpus configs (ctest tools.*).

Expected results are the real sendmail's (make-goldens.sh): the expect
file's results are sendmail -bt's, and the addresses smcf diff must name
are exactly those whose sendmail results differ between generic-linux.cf
and changed.cf.  tiny.cf's coverage is known by construction.

usage: run_tools.py SMCF TESTS_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bt_results  # noqa: E402

SMCF, TESTS = sys.argv[1], os.path.abspath(sys.argv[2])
HERE = os.path.join(TESTS, "tools")
CORPUS = os.path.join(TESTS, "conformance", "corpus")
GENERIC = os.path.join(CORPUS, "configs", "generic-linux.cf")
CHANGED = os.path.join(HERE, "changed.cf")
PINS = ["--hostname", "mx.test.example", "--hosts-file", os.path.join(CORPUS, "pinned", "hosts"),
        "--passwd-file", os.path.join(CORPUS, "pinned", "passwd"),
        "--group-file", os.path.join(CORPUS, "pinned", "group"), "--uid", "0", "--no-dns",
        "--remap", "/etc/mail/service.switch=" + os.path.join(CORPUS, "pinned", "service.switch"),
        "--remap", "/etc/mail/generic-linux.cf=" + GENERIC,
        "--remap", "/etc/mail/changed.cf=" + CHANGED,
        "--remap", "/etc/mail=" + os.path.join(CORPUS, "configs", "etc-mail"),
        "-ODontProbeInterfaces=true"]
failures = []


def run(*args, stdin=None):
    p = subprocess.run([SMCF, *args], input=stdin, capture_output=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "LC_ALL": "C"})
    return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")


def check(name, cond, detail=""):
    if not cond:
        failures.append("%s: %s" % (name, detail))
        print("FAIL", name, detail[:2000])
    else:
        print("ok  ", name)


def smcf_test(*files, extra=()):
    return run("test", *PINS, *extra, "-C", "/etc/mail/generic-linux.cf", *files)


def test_expect_file(tmp):
    golden = os.path.join(HERE, "generic-linux.smcftest")
    n = sum(1 for l in open(golden) if l.startswith("3,0 "))
    st, out, err = smcf_test(golden)
    check("test: sendmail's results pass", st == 0 and out.endswith("%d tests, %d passed, 0 failed\n" % (n, n)),
          "status %d\n%s%s" % (st, out[-3000:], err))
    # One expectation changed: exit 1, the file and line, - and + lines.
    lines = open(golden).read().splitlines(keepends=True)
    idx = next(i for i, l in enumerate(lines) if l.startswith("3,0 alice@mx "))
    expected = lines[idx].split(" => ", 1)[1].rstrip("\n")
    lines[idx] = "3,0 alice@mx => $# local $: bob\n"
    broken = os.path.join(tmp, "broken.smcftest")
    open(broken, "w").writelines(lines)
    st, out, err = smcf_test(broken)
    want = "FAIL %s:%d: 3,0 alice@mx\n-$# local $: bob\n+%s\n" % (broken, idx + 1, expected)
    check("test: a changed result fails with a diff", st == 1 and want in out and
          out.endswith("%d tests, %d passed, 1 failed\n" % (n, n - 1)), "status %d\n%s%s" % (st, out[-3000:], err))
    # Spacing does not matter: "$@ example.org" == "$@ example . org".
    loose = os.path.join(tmp, "loose.smcftest")
    open(loose, "w").write('3,0 "Doe, John" <jd@example.org> => $# esmtp $@ example.org $: jd <@example.org>\n')
    st, out, err = smcf_test(loose)
    check("test: results compare token by token", st == 0, out + err)
    # TAP and JUnit.
    st, out, err = smcf_test(broken, extra=("--format=tap",))
    check("test: TAP", st == 1 and out.startswith("TAP version 13\n1..%d\n" % n) and
          out.count("\nnot ok ") == 1 and out.count("\nok ") == n - 1, out[:500])
    st, out, err = smcf_test(broken, golden, extra=("--format", "junit"))
    try:
        root = ET.fromstring(out)
        suites = root.findall("testsuite")
        ok = st == 1 and [s.get("failures") for s in suites] == ["1", "0"] and \
            [len(s.findall("testcase")) for s in suites] == [n, n]
    except ET.ParseError as e:
        ok, out = False, "%s\n%s" % (e, out[:500])
    check("test: JUnit XML", ok, out[:1000])
    # --update fills in results that are sendmail's.
    bare = os.path.join(tmp, "bare.smcftest")
    with open(bare, "w") as f:
        f.write("# no results yet\n\n")
        for l in open(golden):
            if l.startswith("3,0 "):
                f.write(l.split(" => ", 1)[0] + "\n")
    st, out, err = smcf_test(bare)
    check("test: a line without a result fails", st == 1, out[-500:])
    st, out, err = smcf_test(bare, extra=("--update",))
    updated = open(bare).read()
    check("test: --update writes sendmail's results", st == 0 and
          updated == "# no results yet\n\n" + "".join(l for l in open(golden) if l.startswith("3,0 ")),
          "status %d %s\n%s" % (st, err, updated[:800]))
    st, out, err = smcf_test(bare)
    check("test: the updated file passes", st == 0, out[-500:])
    # Bad files are errors with their location.
    bad = os.path.join(tmp, "bad.smcftest")
    open(bad, "w").write("3,0 a@b => $# local $: a\nnosuchruleset x@y => x\n")
    st, out, err = smcf_test(bad)
    check("test: an unknown ruleset names file and line", st == 65 and
          err == 'smcf test: %s:2: no ruleset "nosuchruleset" in the config\n' % bad, "%d %r" % (st, err))


def test_diff():
    addresses = os.path.join(HERE, "addresses.txt")
    addr = open(addresses, encoding="latin-1").read().splitlines()
    old = bt_results.results(open(os.path.join(HERE, "old.out"), "rb").read())
    new = bt_results.results(open(os.path.join(HERE, "new.out"), "rb").read())
    want = [(i + 1, addr[i], old[i], new[i]) for i in range(len(addr)) if old[i] != new[i]]
    n_addr = sum(1 for a in addr if a.strip() and not a.lstrip().startswith("#"))
    st, out, err = run("diff", *PINS, "/etc/mail/generic-linux.cf", "/etc/mail/changed.cf", addresses)
    got = re.findall(r"^%s:(\d+): 3,0 (.*)\n  old: (.*)\n  new: (.*)\n" % re.escape(addresses), out, re.M)
    got = [(int(n), a, o, nw) for n, a, o, nw in got]
    check("diff: exactly the addresses sendmail resolves differently", st == 1 and got == want and len(want) > 0,
          "status %d\nwant %s\n%s%s" % (st, want, out[:3000], err))
    check("diff: names the added rules where the traces part",
          out.count("new: ruleset Parse1 rule 8 (/etc/mail/changed.cf:842): R$* < @ example . org > $*") +
          out.count("new: ruleset Parse1 rule 9 (/etc/mail/changed.cf:843): R$* < @ partner . example > $*")
          == len(want), out[:3000])
    check("diff: summary", out.endswith("%d addresses, %d differ (/etc/mail/generic-linux.cf -> /etc/mail/changed.cf, "
                                        "rulesets 3,0)\n" % (n_addr, len(want))), out[-300:])
    st, out, err = run("diff", *PINS, "--format=json", "/etc/mail/generic-linux.cf", "/etc/mail/changed.cf", addresses)
    j = json.loads(out)
    check("diff: JSON", st == 1 and [d["address"] for d in j["diffs"]] == [w[1] for w in want], out[:1000])
    st, out, err = run("diff", *PINS, "/etc/mail/generic-linux.cf", "/etc/mail/generic-linux.cf", addresses)
    check("diff: a config against itself", st == 0 and out == "%d addresses, 0 differ (/etc/mail/generic-linux.cf -> "
          "/etc/mail/generic-linux.cf, rulesets 3,0)\n" % n_addr, out + err)


def test_coverage():
    tiny = os.path.join(HERE, "tiny.cf")
    corpus = os.path.join(HERE, "tiny-addresses.txt")
    st, out, err = run("coverage", "--no-dns", "--hostname", "h.example", "-C", tiny, "--rulesets", "Foo", corpus)
    rows = re.findall(r"^ +(\S+)  rule (\d+) +line (\d+) +(.*)$", out, re.M)
    check("coverage: hits per rule", st == 0 and [(r[0], r[1], r[2]) for r in rows] ==
          [("2", "1", "6"), ("1", "2", "7"), ("never", "3", "9"), ("1", "4", "10")], out + err)
    check("coverage: rules map back to the .mc", "R c\t$@ C [tiny.mc:20]" in out and "R a\t$@ A [tiny.mc:11]" in out,
          out)
    check("coverage: summary", "ruleset Foo (" in out and out.endswith("3 of 4 rules fired (75.0%), 1 never\n"), out)
    st, out, err = run("coverage", "--no-dns", "--hostname", "h.example", "-C", tiny, "--rulesets", "Foo",
                       "--format=annotate", corpus)
    lines = out.splitlines()
    check("coverage: annotated cf", st == 0 and len(lines) == 2 + 10 and
          lines[2 + 5] == "        2:    6:R a\t$@ A" and lines[2 + 8] == "    #####:    9:R c\t$@ C" and
          lines[2 + 0] == "        -:    1:# tiny.cf -- a config small enough that its coverage is known by", out)
    # A real config: every R line of the cf is counted once.
    addresses = os.path.join(HERE, "addresses.txt")
    st, out, err = run("coverage", *PINS, "-C", "/etc/mail/generic-linux.cf", "--format=json", addresses)
    j = json.loads(out)
    r_lines = sum(1 for l in open(GENERIC, encoding="latin-1") if l.startswith("R"))
    parse1 = next(r for r in j["rulesets"] if r["name"] == "Parse1")
    n_addr = sum(1 for a in open(addresses) if a.strip() and not a.lstrip().startswith("#"))
    check("coverage: JSON on generic-linux", st == 0 and j["rules_total"] == r_lines and j["addresses"] == n_addr and
          0 < j["rules_fired"] < r_lines and parse1["rules"][0]["text"].startswith("R$* < @ [ $+ ] > $*"),
          "%d %s %s" % (st, {k: j.get(k) for k in ("rules_total", "rules_fired", "addresses")}, r_lines))
    st, out, err = run("coverage", *PINS, "-C", "/etc/mail/changed.cf", "--format=json", addresses)
    j = json.loads(out)
    parse1 = next(r for r in j["rulesets"] if r["name"] == "Parse1")["rules"]
    hits = sum(r["hits"] for r in parse1 if r["line"] in (842, 843))
    addr = open(addresses, encoding="latin-1").read().splitlines()
    old = bt_results.results(open(os.path.join(HERE, "old.out"), "rb").read())
    new = bt_results.results(open(os.path.join(HERE, "new.out"), "rb").read())
    changed = sum(1 for i in range(len(addr)) if old[i] != new[i])
    check("coverage: the added rules fire for the addresses diff names", hits == changed and changed > 1,
          "%s %d" % (hits, changed))


def test_print_symbolic():
    def printed(host, *extra):
        return run("print", "--no-dns", "--hostname", host, *extra, GENERIC)
    a, b = printed("one.example"), printed("two.example")
    check("print: the machine shows without --symbolic", a[0] == 0 and a[1] != b[1] and "one . example" in a[1])
    a, b = printed("one.example", "--symbolic"), printed("two.example", "--symbolic")
    check("print --symbolic: alike on two machines (R lines)",
          a[0] == 0 and [l for l in a[1].splitlines() if l.startswith("R")] ==
          [l for l in b[1].splitlines() if l.startswith("R")], a[2])
    check("print --symbolic: keeps $j", "R$* < @ $j . > $*" in a[1] or "$j" in a[1], a[1][:500])


def main():
    tmp = tempfile.mkdtemp(prefix="smcf-tools-")
    try:
        test_expect_file(tmp)
        test_diff()
        test_coverage()
        test_print_symbolic()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)


main()
