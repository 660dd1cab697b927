#!/bin/sh
# make-goldens.sh -- what the real sendmail 8.17.1.9 queues for each
# submission in scenarios.txt: `sendmail -odq` in the corpus's pinned
# environment (host mx.test.example, pinned passwd, no network, TZ=UTC),
# with the generic-linux config.  For each scenario NAME this writes
# cases/NAME/ with the queue files sendmail left (qf*, df*, ...), out
# (stdout and stderr) and status (exit status).  Needs root and
# sendmail-bin.  run_cases.py compares smcf with these, with smcf's clock,
# pid and queue-id sequence pinned to the ones sendmail used.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
corpus=$here/../conformance/corpus
cf=$corpus/configs/generic-linux.cf
spool=/var/spool/smcf-submit
# make-goldens.sh [NAME...]: only the named scenarios are remade.
only=" $* "
[ $# -gt 0 ] || rm -rf "$here/cases"
mkdir -p "$here/cases"
trap 'rm -rf "$spool"' EXIT
grep -v '^#' "$here/scenarios.txt" | while IFS='|' read -r name args message; do
  name=$(echo "$name" | tr -d ' ')
  message=$(echo "$message" | tr -d ' ')
  [ -n "$name" ] || continue
  [ "$only" = "  " ] || case "$only" in *" $name "*) ;; *) continue ;; esac
  rm -rf "$here/cases/$name"
  rm -rf "$spool"; mkdir -p "$spool"
  dir=$here/cases/$name
  mkdir -p "$dir/queue"
  rc=0
  # Arguments are separated by blanks; "_" in one stands for a space.
  set --
  for w in $args; do set -- "$@" "$(echo "$w" | tr _ ' ')"; done
  "$corpus/sendmail-bt" --exec "$cf" -- /usr/sbin/sendmail -C /etc/mail/generic-linux.cf -odq \
    -OQueueDirectory=$spool "$@" <"$here/messages/$message" >"$dir/out" 2>&1 || rc=$?
  echo "$rc" >"$dir/status"
  cp -a "$spool/." "$dir/queue/"
  : >"$dir/queue/.keep"
done
echo "made $(ls "$here/cases" | wc -l) cases"
