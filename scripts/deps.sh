#!/bin/sh
# deps.sh - make sure Debian's packages that assess builds against are there.
# Usage: scripts/deps.sh PACKAGE...   Each package is checked by a file it
# ships; missing ones are installed when run as root, otherwise the exact
# apt-get line is printed and the build stops.
set -u
missing=""
for pkg in "$@"; do
	case "$pkg" in
	libcjson-dev)     f=/usr/include/cjson/cJSON.h ;;
	libiniparser-dev) f=/usr/include/iniparser/iniparser.h ;;
	libcmocka-dev)    f=/usr/include/cmocka.h ;;
	libxlsxwriter-dev) f=/usr/include/xlsxwriter.h ;;
	libzip-dev)       f=/usr/include/zip.h ;;
	libexpat1-dev)    f=/usr/include/expat.h ;;
	gettext)          f=/usr/bin/msgfmt ;;
	libsqlite3-dev)   f=/usr/include/sqlite3.h ;;
	libpq-dev)        f=/usr/include/postgresql/libpq-fe.h ;;
	sqlite3)          f=/usr/bin/sqlite3 ;;
	python3-openpyxl) f=/usr/lib/python3/dist-packages/openpyxl/__init__.py ;;
	pkg-config)       f=/usr/bin/pkg-config ;;
	g++)              f=/usr/bin/g++ ;;
	python3-jsonschema) f=/usr/lib/python3/dist-packages/jsonschema/__init__.py ;;
	time)             f=/usr/bin/time ;;
	*)                f="" ;;
	esac
	if [ -n "$f" ] && [ -e "$f" ]; then continue; fi
	if [ -z "$f" ] && dpkg -s "$pkg" >/dev/null 2>&1; then continue; fi
	missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 && apt-get install -y -q$missing >&2 && exit 0
	echo "deps: apt-get failed; install by hand: apt-get install$missing" >&2
	exit 1
fi
echo "deps: missing Debian packages. Install them with:" >&2
echo "    sudo apt-get install$missing" >&2
exit 1
