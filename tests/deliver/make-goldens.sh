#!/bin/sh
# make-goldens.sh -- what the real sendmail 8.17.1.9 gives a local mailer
# in a queue run.  For every message of tests/submit/messages, in the
# corpus's pinned environment, with generic-linux.cf whose local mailer is
# tests/interop/capture and which has no alias file:
#   sendmail -odq -f alice bob alice < MESSAGE     (the queue: cases/NAME/queue)
#   sendmail -qf on a copy of that queue            (cases/NAME/deliveries/RCPT:
#                                                    what the mailer was given;
#                                                    cases/NAME/after/: the queue after)
# run_cases.py runs smcf -q on the same queue and compares.  A recipient
# given more than one message (a bounce after its own failed delivery) has
# them as RCPT, RCPT.2, ... in the order the mailer ran.
#   make-goldens.sh [CASE...]   (default: every case; the named ones only
#                                are remade)
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
corpus=$here/../conformance/corpus
spool=/var/spool/smcf-deliver
work=$(mktemp -d)
trap 'rm -rf "$work" "$spool" /tmp/smcf-capture' EXIT
cf=$work/interop.cf
"$here/make-cf.sh" "$here/../interop/capture" >"$cf"
# Cases marked "aliases": the same config with tests/deliver/aliases as
# its alias file (/etc/mail/deliver-aliases in a copy of the corpus's
# /etc/mail); files it names are written under /tmp/smcf-deliver-files
# (kept as cases/NAME/files/ with files/.owners: name uid gid mode), its
# program alias runs /tmp/smcf-deliver-prog (the capture program).
cp -a "$corpus/configs/etc-mail" "$work/etc-mail"
cp "$here/aliases" "$work/etc-mail/deliver-aliases"
cp "$here/include-list" "$work/etc-mail/deliver-include"
"$here/make-cf.sh" "$here/../interop/capture" /etc/mail/deliver-aliases >"$work/etc-mail/interop-aliases.cf"
files=/tmp/smcf-deliver-files
trap 'rm -rf "$work" "$spool" /tmp/smcf-capture "$files" /tmp/smcf-deliver-prog' EXIT
cp "$here/../interop/capture" /tmp/smcf-deliver-prog
chmod 755 /tmp/smcf-deliver-prog
etc="$corpus/configs/etc-mail"
bt() { "$corpus/sendmail-bt" --exec -M "$etc" "$cf" -- "$@" </dev/null; }
# The cases: every message with the default arguments, then scenarios.txt.
cases() {
  for m in $(ls "$here/../submit/messages"); do
    printf '%s|-f alice bob alice|%s||0|\n' "$m" "$m"
  done
  grep -v '^#' "$here/scenarios.txt" | sed 's/ *| */|/g; s/^ *//; s/ *$//'
}
if [ $# -eq 0 ]; then rm -rf "$here/cases"; fi
cases | while IFS='|' read -r name args message runargs wait extra; do
  if [ $# -gt 0 ]; then
    want=no
    for n in "$@"; do [ "$n" = "$name" ] && want=yes; done
    [ $want = yes ] || continue
  fi
  m=$here/../submit/messages/$message
  dir=$here/cases/$name
  rm -rf "$dir"
  rm -rf "$spool" "$files"; mkdir -p "$spool" "$dir/queue" "$dir/deliveries" "$dir/after" "$files"
  chmod 1777 "$files"
  # "forward": carol has a ~/.forward (tests/deliver/forward) while the
  # case runs; /home/carol is made for it and removed after.
  made_home=
  case "$extra" in
    *forward*)
      if [ ! -e /home/carol ]; then mkdir -p /home/carol; made_home=yes; fi
      cp "$here/forward" /home/carol/.forward
      chown 1003:1003 /home/carol /home/carol/.forward
      chmod 755 /home/carol; chmod 644 /home/carol/.forward
      : >"$dir/uses-forward" ;;
  esac
  case "$extra" in
    *aliases*) etc=$work/etc-mail; cf=$work/etc-mail/interop-aliases.cf; name_cf=interop-aliases.cf; : >"$dir/uses-aliases" ;;
    *) etc=$corpus/configs/etc-mail; cf=$work/interop.cf; name_cf=interop.cf ;;
  esac
  rm -rf /tmp/smcf-capture
  rc=0
  "$corpus/sendmail-bt" --exec -M "$etc" "$cf" -- \
    sh -c "/usr/sbin/sendmail -C /etc/mail/$name_cf -odq -OQueueDirectory=$spool $args <'$m'" </dev/null || rc=$?
  # A case that delivers at submission (-odi, -odb): its arguments,
  # message and exit status are kept; run_cases.py submits with smcf too.
  case " $args " in
    *" -odi "*|*" -odb "*)
      printf '%s\n' "$args" >"$dir/submit-args"
      printf '%s\n' "$message" >"$dir/submit-message"
      echo "$rc" >"$dir/submit-status"
      sleep 2 ;;  # a background delivery ends
  esac
  cp -a "$spool/." "$dir/queue/"
  [ "${wait:-0}" -gt 0 ] && sleep "$wait"
  bt /usr/sbin/sendmail -C /etc/mail/$name_cf -OQueueDirectory=$spool $runargs -qf >/dev/null 2>&1 || true
  for f in /tmp/smcf-capture/*; do
    [ -f "$f" ] || continue
    rcpt=$(sed -n '1s/.*\[-d\] \[\(.*\)\]$/\1/p' "$f")
    [ -n "$rcpt" ] || rcpt=prog
    out=$dir/deliveries/$rcpt; n=1
    while [ -e "$out" ]; do n=$((n + 1)); out=$dir/deliveries/$rcpt.$n; done
    cp "$f" "$out"
  done
  cp -a "$spool/." "$dir/after/"
  : >"$dir/after/.keep"
  case "$extra" in *forward*) rm -f /home/carol/.forward; [ -z "$made_home" ] || rmdir /home/carol ;; esac
  if [ -n "$(ls -A "$files")" ]; then
    mkdir -p "$dir/files"
    for f in "$files"/*; do
      cp "$f" "$dir/files/"
      stat -c '%n %u %g %a' "$f" | sed "s|^$files/||" >>"$dir/files/.owners"
    done
  fi
  [ -z "$runargs" ] || printf '%s\n' "$runargs" >"$dir/run-args"
done
echo "made $(ls "$here/cases" | wc -l) cases"
