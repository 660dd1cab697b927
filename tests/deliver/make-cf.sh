#!/bin/sh
# make-cf.sh CAPTURE -- generic-linux.cf with CAPTURE as the local mailer
# program and without an alias file: the config of the delivery tests.
here=$(cd "$(dirname "$0")" && pwd -P)
sed -e "s|^Mlocal,.*P=/usr/bin/procmail,|Mlocal,		P=$1,|" -e 's|^O AliasFile=.*|#O AliasFile=|' \
  "$here/../conformance/corpus/configs/generic-linux.cf"
