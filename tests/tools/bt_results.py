"""bt_results.py -- the final result of each "3,0 ADDRESS" line in a
sendmail -bt transcript (used by make-goldens.sh and run_tools.py).

make-goldens.sh runs sendmail -bt once per address and writes each
transcript after a line "=== N".  A run's result is the workspace of its
last "returns:" line; a run that printed anything else (an error message)
has no result (None).
"""
import re
import sys

RETURNS = re.compile(r"^\S+\s+returns: (.*)$")
INPUT = re.compile(r"^\S+\s+input: ")


def block_result(block):
    """The result of one -bt run's output after its banner (None: error)."""
    result = None
    for l in block.split("\n"):
        while l.startswith("> ") or l == ">":
            l = l[2:]
        if l == "":
            continue
        m = RETURNS.match(l)
        if m:
            result = m.group(1)
        elif not INPUT.match(l) and l not in ("ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)",
                                             "Enter <ruleset> <address>"):
            return None
    return result


def results(transcript):
    """One result per "=== N" section, in order."""
    text = transcript.decode("latin-1")
    sections = re.split(r"^=== \d+\n", text, flags=re.M)[1:]
    return [block_result(s) for s in sections]


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--expect-file":
        addresses = open(sys.argv[2], encoding="latin-1").read().splitlines()
        res = results(open(sys.argv[3], "rb").read())
        if len(res) != len(addresses):
            sys.exit("bt_results.py: %d blocks for %d addresses" % (len(res), len(addresses)))
        print("# 3,0 results made by the real sendmail 8.17.1.9 (tests/tools/make-goldens.sh)")
        for a, r in zip(addresses, res):
            if r is not None:
                print("3,0 %s => %s" % (a, r))
        return
    sys.exit("usage: bt_results.py --expect-file ADDRESSES TRANSCRIPT")


if __name__ == "__main__":
    main()
