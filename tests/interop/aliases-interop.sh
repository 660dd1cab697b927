#!/bin/sh
# aliases-interop.sh SMCF -- the real sendmail reads the alias database smcf
# -bi wrote: for tests/newaliases/cases/full, `sendmail -bv` of the case's
# addresses over smcf's aliases.db must print what it printed over its own
# (expected.bv, made by tests/newaliases/make-goldens.sh).  Needs root and
# sendmail-bin (.ci/sendmail-checks runs it).
set -eu
smcf=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$here/conformance/corpus
case=$here/newaliases/cases/full
maildir=$(mktemp -d)
trap 'rm -rf "$maildir"' EXIT
cp -r "$corpus/configs/etc-mail/." "$maildir/"
cp "$case/aliases" "$maildir/aliases"
"$smcf" -bi --hostname mx.test.example --hosts-file "$corpus/pinned/hosts" --passwd-file "$corpus/pinned/passwd" \
  --group-file "$corpus/pinned/group" --uid 0 --no-dns \
  --remap "/etc/mail/generic-linux.cf=$corpus/configs/generic-linux.cf" \
  --remap "/etc/mail/service.switch=$corpus/pinned/service.switch" --remap "/etc/mail=$maildir" \
  -C /etc/mail/generic-linux.cf >/dev/null 2>&1 || true
[ -f "$maildir/aliases.db" ] || { echo "aliases-interop: smcf -bi wrote no aliases.db"; exit 1; }
# The text file goes away, so sendmail can only answer from smcf's database.
rm "$maildir/aliases"
"$corpus/sendmail-bt" --exec -M "$maildir" "$corpus/configs/generic-linux.cf" -- sh -c \
  '/usr/sbin/sendmail -bv -C /etc/mail/generic-linux.cf $1 2>&1; echo "exit $?"' sh "$(cat "$case/verify")" \
  >"$maildir/bv.out"
if cmp -s "$maildir/bv.out" "$case/expected.bv"; then
  echo "aliases interop: sendmail -bv over smcf's aliases.db = over its own"
else
  echo "aliases interop: sendmail -bv over smcf's aliases.db differs:"; diff "$case/expected.bv" "$maildir/bv.out" || true
  exit 1
fi
