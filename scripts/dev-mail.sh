#!/usr/bin/env bash
# The MAIL_COMMAND of `make run` and the tests: reads one RFC 5322 message on stdin (as `sendmail -t -i` would)
# and writes it to $TODO_MAIL_DIR (default <repo>/run/mail) as <time>-<pid>.eml, mode 0600, so a person trying the
# service locally can open the reset or verification link. It prints who the mail was for, shortened
# (a…@example.com), and where it went; never the message or its link.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
dir="${TODO_MAIL_DIR:-$repo/run/mail}"
umask 077
mkdir -p "$dir"
file="$dir/$(date -u +%Y%m%dT%H%M%S)-$$.eml"
cat >"$file.tmp"
chmod 0600 "$file.tmp"
mv "$file.tmp" "$file" # whole messages only: a reader never sees half of one

to="$(sed -n 's/^To: //p;/^$/q' "$file" | head -n 1)"
local_part="${to%%@*}"
shown="${local_part:0:1}…@${to#*@}"
[[ "$to" == *@* ]] || shown="…"
display="$file"
[[ "$file" == "$repo/"* ]] && display="${file#"$repo/"}"
echo "mail to $shown written to $display"
