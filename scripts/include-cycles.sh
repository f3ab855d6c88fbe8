#!/bin/sh
# include-cycles.sh [BUILD] - fail when the modules of core/ and sdk/
# depend on each other in a circle, by their includes and, given the build
# directory, by their calls; and when a private header X_impl.h is
# included outside its module.
#
# A module is a .c file with its .h, or the files that share a private
# header X_impl.h and whose names start with X (report_scan.c and
# report_scan_map.c), or a folder under core/ (core/archive/, a family of
# backends).  Module A depends on B when one of A's files includes B's
# header, or when one of A's objects calls a function B's objects define
# (nm).  The pairs go to tsort(1), which names the modules of a circle;
# for a call circle the symbols that make it are listed too.  Tests may
# include any private header: they look inside on purpose.
cd "$(dirname "$0")/.." || exit 2
build=${1:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assess-cycles.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

# module_of FILE: the module a source or header file belongs to.
module_of() {
	dir=${1%/*}
	base=${1##*/}
	base=${base%.*}
	base=${base%_impl}
	case $dir in
	core/*) echo "$dir"; return ;;
	esac
	# A header goes with its .c, a .c with the private header it includes.
	src=$1
	case $1 in
	*_impl.h) ;;
	*.h) [ -e "$dir/$base.c" ] && src=$dir/$base.c ;;
	esac
	for h in "$dir"/*_impl.h; do
		[ -e "$h" ] || continue
		x=${h##*/}
		x=${x%_impl.h}
		case $base in
		"$x")
			echo "$dir/$x"
			return ;;
		"$x"_*)
			if grep -q "^#include \"${x}_impl\.h\"" "$src" "$1"; then
				echo "$dir/$x"
				return
			fi ;;
		esac
	done
	echo "$dir/$base"
}

files=$(ls core/*.c core/*.h core/*/*.c core/*/*.h sdk/*.c sdk/*.h 2>/dev/null)

for f in $files; do
	echo "$f $(module_of "$f")"
done > "$tmp/modmap"

# Includes: "file header" pairs, the header's path resolved from the file.
grep -H '^#include "[^"]*\.h"' $files |
	sed 's/^\([^:]*\):#include "\([^"]*\)".*/\1 \2/' |
	awk 'NR == FNR { mod[$1] = $2; next }
	     { dir = $1; sub(/\/[^\/]*$/, "", dir); h = $2
	       while (h ~ /^\.\.\//) { sub(/^\.\.\//, "", h); sub(/\/[^\/]*$/, "", dir) }
	       p = dir "/" h
	       if (!(p in mod)) next
	       if (h ~ /_impl\.h$/ && mod[p] != mod[$1])
	           print "private " $1 " includes " p ", private to " mod[p]
	       if (mod[p] != mod[$1]) print mod[$1], mod[p] }' "$tmp/modmap" - > "$tmp/inc"
grep '^private ' "$tmp/inc" | sed 's/^private //' > "$tmp/private"
grep -v '^private ' "$tmp/inc" | sort -u > "$tmp/incedges"
if [ -s "$tmp/private" ]; then
	cat "$tmp/private"
	echo "private header included outside its module"
	status=1
fi
out=$(tsort "$tmp/incedges" 2>&1 >/dev/null)
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	echo "include circle among the modules above"
	status=1
else
	echo "no include circle ($(wc -l < "$tmp/incedges") module dependencies)"
fi

# Calls, from the objects' symbols.
[ -n "$build" ] || exit $status
while read -r f mod; do
	case $f in *.c) ;; *) continue ;; esac
	o=$build/${f%.c}.o
	[ -e "$o" ] || o=$build/${f%.c}.pic.o
	[ -e "$o" ] && echo "$o $mod"
done < "$tmp/modmap" > "$tmp/objs"
if [ ! -s "$tmp/objs" ]; then
	echo "no objects under $build: build first"
	exit 1
fi
# nm -A prefixes each symbol with its object and a colon.
objs=$(awk '{ print $1 }' "$tmp/objs")
bymod='NR == FNR { mod[$1] = $2; next }
	{ i = index($0, ":"); print $NF, mod[substr($0, 1, i - 1)] }'
nm -A -g --defined-only $objs | awk "$bymod" "$tmp/objs" - | sort -u > "$tmp/defs"
nm -A -u $objs | awk "$bymod" "$tmp/objs" - | sort -u > "$tmp/uses"
# symbol user definer, for the edges between two modules
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3' > "$tmp/calls"
awk '{ print $2, $3 }' "$tmp/calls" | sort -u > "$tmp/calledges"
out=$(tsort "$tmp/calledges" 2>&1 >/dev/null)
if [ -n "$out" ]; then
	printf '%s\n' "$out" | sed -n 's/^tsort: \([a-z].*\)$/\1/p' |
		grep -v ' ' > "$tmp/loop"
	printf '%s\n' "$out"
	# The calls between the modules named, so the fix is plain.
	awk 'NR == FNR { in_loop[$1] = 1; next }
	     in_loop[$2] && in_loop[$3] { print "  " $2 " calls " $1 " in " $3 }' \
		"$tmp/loop" "$tmp/calls" | sort
	echo "call circle among the modules above"
	status=1
else
	echo "no call circle ($(wc -l < "$tmp/calledges") module dependencies)"
fi
exit $status
