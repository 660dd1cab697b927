#!/bin/sh
# make-goldens.sh -- what the real sendmail 8.17.1.9's `sendmail -bi`
# (newaliases) prints and writes for each case in cases/, made in the
# corpus's pinned environment with generic-linux.cf.  Needs root,
# sendmail-bin and db5.3-util.  A case directory holds `aliases` (absent:
# no alias file) and optionally `args` (extra sendmail arguments, one per
# line); this writes beside them
#   expected.out  what sendmail printed, then "exit N"
#   expected.db   "mode NNN" of aliases.db and its pairs (db_pairs.py), or
#                 "no database"
#   expected.bv   for a case with a file `verify` (addresses, one line):
#                 sendmail -bv of them after the rebuild (the database read back)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../conformance/corpus
for dir in "$here"/cases/*/; do
  dir=${dir%/}
  maildir=$(mktemp -d)
  cp -r "$corpus/configs/etc-mail/." "$maildir/"
  [ -f "$dir/aliases" ] && cp "$dir/aliases" "$maildir/aliases"
  args=
  [ -f "$dir/args" ] && args=$(cat "$dir/args")
  verify=
  [ -f "$dir/verify" ] && verify=$(cat "$dir/verify")
  "$corpus/sendmail-bt" --exec -M "$maildir" "$corpus/configs/generic-linux.cf" -- sh -c '
    if [ -n "$1" ]; then /usr/sbin/sendmail -bi "$1" -C /etc/mail/generic-linux.cf; else
      /usr/sbin/sendmail -bi -C /etc/mail/generic-linux.cf; fi > /tmp/out 2>&1
    echo "exit $?" >> /tmp/out
    cat /tmp/out
    echo "=== db"
    if [ -f /etc/mail/aliases.db ]; then stat -c "mode %a" /etc/mail/aliases.db; db5.3_dump -p /etc/mail/aliases.db
    else echo "no database"; fi
    if [ -n "$2" ]; then echo "=== bv"; /usr/sbin/sendmail -bv -C /etc/mail/generic-linux.cf $2 2>&1; echo "exit $?"; fi
    ' sh "$args" "$verify" > "$maildir/result"
  sed '/^=== db$/,$d' "$maildir/result" > "$dir/expected.out"
  sed '1,/^=== db$/d; /^=== bv$/,$d' "$maildir/result" > "$maildir/db"
  if [ -n "$verify" ]; then sed '1,/^=== bv$/d' "$maildir/result" > "$dir/expected.bv"; fi
  if [ "$(head -n 1 "$maildir/db")" = "no database" ]; then
    echo "no database" > "$dir/expected.db"
  else
    { head -n 1 "$maildir/db"; sed 1d "$maildir/db" | python3 "$here/db_pairs.py"; } > "$dir/expected.db"
  fi
  rm -rf "$maildir"
done
