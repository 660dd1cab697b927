#!/bin/sh
# regen.sh -- remakes the goldens of the -bv comparison test with the real
# sendmail (README.md): goldens/CASE/CONFIG.out (stdout and stderr) and
# goldens/exit-status.txt, for every case of cases.txt on every corpus
# config, and maildir-db/aliases.db (newaliases on maildir/aliases).
#
#   usage: regen.sh [--check]     (--check: compare, write nothing)
#
# Needs what ../conformance/corpus/sendmail-bt needs (Debian's sendmail-bin,
# root or unprivileged user namespaces).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
corpus=$here/../conformance/corpus
bt=$corpus/sendmail-bt
check=0
if [ "${1:-}" = --check ]; then check=1; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/verify-regen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/goldens
mkdir -p "$out"

# The mail directory of a case: the corpus's etc-mail with ours on top.
maildir() {
	d=$tmp/mail-$1
	if [ ! -d "$d" ]; then
		mkdir -p "$d"
		cp -R "$corpus/configs/etc-mail/." "$d/"
		cp -R "$here/maildir/." "$d/"
		case $1 in
		db) cp "$out/aliases.db" "$d/aliases.db" ;;
		bad) cp "$here/maildir-bad/aliases" "$d/aliases" ;;
		esac
	fi
	echo "$d"
}

# aliases.db: newaliases (sendmail -bi) in the pinned environment.
"$bt" --exec -M "$(maildir text)" "$corpus/configs/generic-linux.cf" -- \
	sh -c '/usr/sbin/sendmail -bi -ODontProbeInterfaces=true -C /etc/mail/generic-linux.cf >/dev/null &&
	       cat /etc/mail/aliases.db' > "$out/aliases.db"

: > "$out/exit-status.txt"
grep -v '^#' "$here/cases.txt" | while read -r name aliases list opts; do
	[ -n "$name" ] || continue
	mkdir -p "$out/$name"
	md=$(maildir "$aliases")
	for cf in "$corpus"/configs/*.cf; do
		cfg=$(basename "$cf" .cf)
		# the arguments: options, then one recipient per line of the list
		set -- /usr/sbin/sendmail -bv -ODontProbeInterfaces=true -C "/etc/mail/$cfg.cf"
		for o in $opts; do
			case $o in
			--uid=*) u=${o#--uid=}; set -- setpriv --reuid="$u" --regid="$u" --init-groups "$@" ;;
			*) set -- "$@" "$o" ;;
			esac
		done
		if [ "$list" != - ]; then
			while IFS= read -r r; do set -- "$@" "$r"; done < "$here/lists/$list"
		fi
		rc=0
		"$bt" --exec -M "$md" "$cf" -- "$here/inner.sh" "$here" "$@" \
			> "$out/$name/$cfg.out" 2>&1 || rc=$?
		echo "$name $cfg $rc" >> "$out/exit-status.txt"
	done
done

if [ "$check" = 1 ]; then
	status=0
	cmp -s "$out/aliases.db" "$here/maildir-db/aliases.db" ||
		echo "note: maildir-db/aliases.db differs in its bytes (Berkeley DB layout)"
	diff -r "$here/goldens" "$out" --exclude=aliases.db || status=1
	[ "$status" = 0 ] && echo "goldens: all identical"
	exit $status
fi
cp "$out/aliases.db" "$here/maildir-db/aliases.db"
rm -f "$out/aliases.db"
rm -rf "$here/goldens"
cp -R "$out" "$here/goldens"
echo "goldens remade: $(wc -l < "$here/goldens/exit-status.txt") runs"
