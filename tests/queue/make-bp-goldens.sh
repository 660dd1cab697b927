#!/bin/sh
# make-bp-goldens.sh -- builds the -bp cases (tests/queue/bp/CASE/) with the
# real sendmail 8.17.1.9: queues made by `sendmail -odq` (and `sendmail -q`
# for a deferred message) in the corpus's pinned environment, variants of
# them edited here (the input may be edited; the output never is), and what
# `sendmail -bp` prints for each, as CASE/expected (stdout and stderr) and
# CASE/status (exit status).  Needs root and sendmail-bin.
#
#   tests/queue/make-bp-goldens.sh
#
# A case is CASE/queue/ (the queue directory's files), CASE/args (extra
# sendmail arguments, one a line) and, optionally, CASE/lock (ids whose qf
# is held locked while listing).  Entries get distinct priorities, so that
# no listing depends on the file system's readdir() order.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
corpus=$here/../conformance/corpus
bt=$corpus/sendmail-bt
cf=$corpus/configs/generic-linux.cf
spool=/var/spool/smcf-golden
out=$here/bp
rm -rf "$out" "$spool"
mkdir -p "$out" "$spool"

# sendmail in the pinned environment (host mx.test.example, no network).
pinned() { "$bt" --exec "$cf" -- "$@" </dev/null; }
sm() { pinned /usr/sbin/sendmail -C /etc/mail/generic-linux.cf -OQueueDirectory=$spool "$@"; }

submit() {  # submit FILE ARGS...: queue a message with -odq
  msg=$1; shift
  "$bt" --exec "$cf" -- /usr/sbin/sendmail -C /etc/mail/generic-linux.cf -OQueueDirectory=$spool -odq "$@" <"$msg"
}

msgdir=$(mktemp -d)
trap 'rm -rf "$msgdir" "$spool"' EXIT
printf 'Subject: one\nFrom: Alice Example <alice@mx.test.example>\n\nbody line\n' >"$msgdir/m1"
printf 'Subject: two\n\nline 1\nline 2\nline 3\n' >"$msgdir/m2"
{ printf 'Subject: three\nContent-Type: text/plain; charset=utf-8\n\n'; i=0; while [ $i -lt 40 ]; do printf 'r\303\251sum\303\251 line %d\n' $i; i=$((i+1)); done; } >"$msgdir/m3"

take() {  # take CASE: move what is queued into CASE/queue
  mkdir -p "$out/$1/queue"
  mv "$spool"/* "$out/$1/queue/" 2>/dev/null || true
}

# single: one message, one recipient.
submit "$msgdir/m1" -f alice bob@example.com
take single

# multi: three messages of different sizes (hence priorities), one with
# three recipients, one with a long sender and a long recipient, one 8-bit.
submit "$msgdir/m1" -f alice bob@example.com
submit "$msgdir/m2" -f a-rather-long-sender-name-for-the-column@sub.example.org \
  carol@example.com dave@example.net a-recipient-with-a-very-long-local-part@example.org
submit "$msgdir/m3" -B8BITMIME -f root erin@example.com
take multi

# deferred: a queue run that cannot reach example.com (no network) leaves
# a status (M), the attempt time (K) and the count (N).
submit "$msgdir/m2" -f alice frank@example.com
sm -q >/dev/null 2>&1 || true
take deferred

# Variants, edited from the cases above.
variant() {  # variant NEW FROM
  rm -rf "$out/$1"; mkdir -p "$out/$1"; cp -a "$out/$2/queue" "$out/$1/queue"
}
qf_of() { ls "$out/$1/queue" | grep '^qf' | head -1; }

variant notime single
sed -i '/^T/d' "$out/notime/queue/$(qf_of notime)"
variant nodf single
rm -f "$out/nodf/queue"/df*
variant oddchars single
q=$out/oddchars/queue/$(qf_of oddchars)
sed -i 's/^RPFD:bob@example.com$/RPFD:"b\\\\o\x01b\xe9"@example.com/; s/^Salice$/Sal\\\\ice\x7f\xff/' "$q"
variant quarantined single
sed -i 's/^Fs$/qheld for review by the admin\nFs/' "$out/quarantined/queue/$(qf_of quarantined)"
variant quarantined-early single
sed -i 's/^T/qheld\nT/' "$out/quarantined-early/queue/$(qf_of quarantined-early)"
variant tooyoung single
sed -i 's/^K0$/K1000000000/; s/^N0$/N1/' "$out/tooyoung/queue/$(qf_of tooyoung)"
echo "-OMinQueueAge=20000d" >"$out/tooyoung/args"
variant load single
printf '%s\n' "-OQueueLA=0" "-OQueueFactor=1" >"$out/load/args"
variant verbose multi
echo "-v" >"$out/verbose/args"
variant verbose-deferred deferred
echo "-v" >"$out/verbose-deferred/args"
variant byfilename multi
echo "-OQueueSortOrder=filename" >"$out/byfilename/args"
variant bytime multi
echo "-OQueueSortOrder=time" >"$out/bytime/args"
variant version0 single
q=$out/version0/queue/$(qf_of version0)
sed -i 's/^V8$/V0/; s/^RPFD:/R/' "$q"
variant leftovers single
id=$(qf_of leftovers | cut -c3-)
printf 'V8\nT1\n' >"$out/leftovers/queue/tf${id}X"
cp "$out/leftovers/queue/qf$id" "$out/leftovers/queue/QfLOST0000000001"
printf 'orphan\n' >"$out/leftovers/queue/dfORPHAN000000001"
printf 'transcript\n' >"$out/leftovers/queue/xf$id"
variant garbage single
printf '\001\002\377garbage\nwithout any record letter we know\n' >"$out/garbage/queue/qfGARBAGE0000001"
variant locked single
qf_of locked | cut -c3- >"$out/locked/lock"
mkdir -p "$out/empty/queue"; : >"$out/empty/queue/.keep"
mkdir -p "$out/missing"; echo "-OQueueDirectory=/var/spool/smcf-golden-missing" >"$out/missing/args"

# Distinct priorities, so the order never depends on readdir().
n=0
for q in "$out"/*/queue/qf*; do
  [ -f "$q" ] || continue
  n=$((n+1))
  grep -q '^P' "$q" && sed -i "s/^P\([0-9]*\)$/P\1$n/" "$q"
done

# The goldens: sendmail -bp on each case, the case's queue at $spool.
for dir in "$out"/*/; do
  name=$(basename "$dir")
  rm -rf "$spool"; mkdir -p "$spool"
  cp -a "$dir/queue/." "$spool/" 2>/dev/null || true
  rm -f "$spool/.keep"
  set --
  if [ -f "$dir/args" ]; then while IFS= read -r a; do set -- "$@" "$a"; done <"$dir/args"; fi
  locker=
  if [ -f "$dir/lock" ]; then
    flock -x "$spool/qf$(cat "$dir/lock")" sleep 30 & locker=$!
    sleep 1
  fi
  rc=0
  pinned /usr/sbin/sendmail -C /etc/mail/generic-linux.cf -OQueueDirectory=$spool "$@" -bp >"$dir/expected" 2>&1 || rc=$?
  echo "$rc" >"$dir/status"
  [ -z "$locker" ] || kill "$locker" 2>/dev/null || true
  wait 2>/dev/null || true
done
echo "made $(ls "$out" | wc -l) cases in $out"
