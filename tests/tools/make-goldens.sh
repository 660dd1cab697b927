#!/bin/sh
# make-goldens.sh -- what the real sendmail 8.17.1.9 says for the tools
# tests (run_tools.py), made in the corpus's pinned environment.  Needs
# root and sendmail-bin.  Writes, beside this script:
#   addresses.txt          the addresses (the 3,0 lines of the generic-linux corpus case)
#   changed.cf             generic-linux.cf with one rule added to Parse1
#   old.out, new.out       sendmail -bt's transcripts of "3,0 ADDRESS" for both configs,
#                          one run per address, each after a line "=== N"
#   generic-linux.smcftest an expect file whose results are sendmail's (from old.out)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../conformance/corpus
cf=$corpus/configs/generic-linux.cf

# Plain single addresses only: no NUL or 8-bit bytes, no lists (-bt runs
# each address of a list in turn and an expect line has one result),
# nothing so long that -bt reads it in pieces.
grep -a '^3,0 ' "$corpus/cases/generic-linux.in" | LC_ALL=C grep -av '[^ -~]' | sed 's/^3,0 //' |
  grep -v ',' | awk 'length($0) <= 200 && !seen[$0]++' | head -100 > "$here/addresses.txt"

# The change under review: route example.org and partner.example through
# the hub.
awk '{ print } /^R\$\+ < @ \$=w \. >/ && !done {
  print "R$* < @ example . org > $*\t$#relay $@ mailhub.test.example $: $1 < @ example . org > $2\troute example.org via the hub"
  print "R$* < @ partner . example > $*\t$#relay $@ mailhub.test.example $: $1 < @ partner . example > $2\tand partner.example"
  done = 1 }' "$cf" > "$here/changed.cf"
cmp -s "$cf" "$here/changed.cf" && { echo "make-goldens.sh: the rule was not added" >&2; exit 1; }

# One sendmail run per address, so that no input line can shift the
# others' output (-bt reads an overlong line in pieces, and some inputs
# print an extra prompt).  Each transcript follows a line "=== N" (N the
# address's line in addresses.txt) that this script writes.
run_all() {  # CONFIG [-M DIR] > TRANSCRIPTS
  n=0
  while IFS= read -r address; do
    n=$((n + 1))
    echo "=== $n"
    printf '3,0 %s\n' "$address" | "$corpus/sendmail-bt" "$@" 2>&1
    echo  # the last prompt has no newline
  done < "$here/addresses.txt"
}
run_all "$cf" > "$here/old.out"
run_all -M "$corpus/configs/etc-mail" "$here/changed.cf" > "$here/new.out"
python3 "$here/bt_results.py" --expect-file "$here/addresses.txt" "$here/old.out" > "$here/generic-linux.smcftest"
