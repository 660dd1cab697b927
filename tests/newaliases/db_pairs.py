"""db_pairs.py -- the key/value pairs of a `db5.3_dump -p` listing, one
"KEY => VALUE" line each, sorted (a hash file's order is libdb's, not the
writer's), so that sendmail's and smcf's databases compare by content.

usage: db_pairs.py < DUMP
"""
import sys


def pairs(dump):
    lines = dump.splitlines()
    start = lines.index("HEADER=END") + 1
    end = lines.index("DATA=END")
    data = [l[1:] for l in lines[start:end]]  # each line starts with a blank
    header = {k: v for k, v in (l.split("=", 1) for l in lines[:start - 1] if "=" in l)}
    return header.get("type", "?"), sorted("%s => %s" % (data[i], data[i + 1]) for i in range(0, len(data), 2))


if __name__ == "__main__":
    kind, ps = pairs(sys.stdin.read())
    print("type=%s" % kind)
    print("\n".join(ps))
