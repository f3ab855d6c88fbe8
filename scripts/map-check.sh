#!/bin/sh
# map-check.sh - fail when docs/architecture.md's module map does not name
# every source file of core/ (and core/archive/), or names one that does
# not exist, so the map a newcomer reads matches the tree.
cd "$(dirname "$0")/.." || exit 2
map=$(sed -n '/^## Module map/,/^## /p' docs/architecture.md)
status=0
n=0
for f in core/*.c core/archive/*.c; do
	n=$((n + 1))
	b=${f##*/}
	if ! printf '%s\n' "$map" | grep -q "\\b${b%.c}\\.c\\b"; then
		echo "docs/architecture.md: the module map does not name $f"
		status=1
	fi
done
for b in $(printf '%s\n' "$map" | grep -o '\b[a-z_0-9]*\.c\b' | sort -u); do
	[ -e "core/$b" ] || [ -e "core/archive/$b" ] || [ -e "sdk/$b" ] ||
		[ -e "plugins/$b" ] || {
		echo "docs/architecture.md: the module map names $b, which is no file"
		status=1
	}
done
[ $status -eq 0 ] && echo "the module map names all $n files of core/"
exit $status
