#!/bin/sh
# make-cf.sh CAPTURE [ALIASES] -- generic-linux.cf with CAPTURE as the
# local mailer program, and either no alias file or ALIASES (a path as
# the config will see it) read as a stab map: the config of the delivery
# tests.
here=$(cd "$(dirname "$0")" && pwd -P)
if [ -n "${2:-}" ]; then alias="O AliasFile=stab:$2"; else alias="#O AliasFile="; fi
sed -e "s|^Mlocal,.*P=/usr/bin/procmail,|Mlocal,		P=$1,|" -e "s|^O AliasFile=.*|$alias|" \
  "$here/../conformance/corpus/configs/generic-linux.cf"
