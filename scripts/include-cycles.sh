#!/bin/sh
# include-cycles.sh - fail when the modules of core/ and sdk/ include each
# other in a circle.  A module is a .c file and its .h; module A depends on
# B when A's .c or .h includes B.h.  The pairs go to tsort(1), which names
# the modules of any circle it finds.
cd "$(dirname "$0")/.." || exit 2
for f in core/*.c core/*.h sdk/*.c sdk/*.h; do
	dir=${f%/*}
	mod=${f##*/}
	mod=$dir/${mod%.*}
	mod=${mod%_impl}
	sed -n 's/^#include "\([^"/]*\)\.h".*/\1/p' "$f" | while read -r h; do
		[ -e "$dir/$h.h" ] || continue
		h=${h%_impl}
		[ "$dir/$h" != "$mod" ] && echo "$mod $dir/$h"
	done
done > "${TMPDIR:-/tmp}/assess-includes.$$"
out=$(tsort "${TMPDIR:-/tmp}/assess-includes.$$" 2>&1 >/dev/null)
n=$(wc -l < "${TMPDIR:-/tmp}/assess-includes.$$")
rm -f "${TMPDIR:-/tmp}/assess-includes.$$"
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	echo "include circle among the modules above"
	exit 1
fi
echo "no include circle ($n module dependencies)"
