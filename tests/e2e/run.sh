#!/bin/sh
# e2e/run.sh - end-to-end cases: each directory under tests/e2e/cases (the
# behaviour) and tests/e2e/hostile (bad input of every kind) holds
#   cmd     one shell command line, run in tests/e2e/data, where `assess` is
#           the built binary (under $WRAP), $T the fixture plugins' folder,
#           $P the built-in plugins' folder, $TMP a fresh scratch folder,
#           $ROOT the source tree and $O the build root;
#   out     expected stdout, byte for byte;
#   err     expected stderr;
#           in both, those folders are written as $T, $P and $TMP, and
#           the shipped configs' folder as $C;
#   status  expected exit status;
#   needs-root, when present: the case runs only as root (else skipped);
#   needs-chromium: the case drives headless Chromium (Debian's chromium,
#           a test dependency); skipped, saying so, when it is absent;
#   needs-soffice: the case drives LibreOffice Calc headless (Debian's
#           libreoffice-calc-nogui, with poppler-utils for pdfinfo and
#           pdftotext); skipped, saying so, when soffice is absent;
#   crashes-on-purpose: a fixture plugin crashes, which valgrind would
#           report; skipped when WRAP runs valgrind;
#   bulk: the case runs assess hundreds of times (a sweep, an oracle over
#           random batches) or on tens of thousands of records; the same
#           code runs under valgrind in smaller cases, so it is skipped
#           there (it would take most of the suite's time);
#   leaks-on-purpose: a fixture plugin leaks memory, or ends the process
#           in the middle of a run with everything allocated, which
#           valgrind would report (and --check-plugin does not measure
#           memory there); skipped when WRAP runs valgrind;
#   needs-mount: the case mounts a small tmpfs in a mount namespace of
#           its own (unshare -m, as root); skipped where that is not allowed;
#   rlimit-as: the case limits address space (ulimit -v), which neither
#           valgrind nor AddressSanitizer can run under; skipped there.
# UPDATE=1 writes what the command produced into the case instead.
set -u
# A case that runs make must not inherit the jobserver of the make that runs
# the suite (make -j8 test): its nested make would warn into compared stderr.
unset MAKEFLAGS MFLAGS MAKELEVEL
# The cases see English unless they ask for another language (a case
# sets LANG, LANGUAGE or --lang in its cmd): a developer's own locale must
# not change what they print.  C.UTF-8 is what a fresh Debian has.
unset LANGUAGE LC_ALL LC_MESSAGES
LANG=C.UTF-8
export LANG
O=${O:-.}
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$root/$O" ;; esac
O=$(cd "$O" && pwd)
T=$O/build/tests
P=$O/plugins
C=$root/configs
bin=$O/build/tests/bin
mkdir -p "$bin"
cat > "$bin/assess" <<WRAPPER
#!/bin/sh
exec ${WRAP:-} "$O/bin/assess" "\$@"
WRAPPER
chmod +x "$bin/assess"
passed=0
failed=0
skipped=0
asan=0
grep -q __asan_init "$O/bin/assess" 2>/dev/null && asan=1
for dir in "$root"/tests/e2e/cases/*/ "$root"/tests/e2e/hostile/*/; do
	name=$(basename "$(dirname "$dir")")/$(basename "$dir")
	if [ -e "$dir/needs-root" ] && [ "$(id -u)" != 0 ]; then
		echo "skip $name: needs root"
		skipped=$((skipped + 1))
		continue
	fi
	if [ -e "$dir/needs-chromium" ] && ! command -v chromium >/dev/null 2>&1
	then
		echo "skip $name: needs chromium (apt-get install chromium)"
		skipped=$((skipped + 1))
		continue
	fi
	if [ -e "$dir/needs-soffice" ] && ! command -v soffice >/dev/null 2>&1
	then
		echo "skip $name: needs LibreOffice (apt-get install" \
		     "libreoffice-calc-nogui poppler-utils)"
		skipped=$((skipped + 1))
		continue
	fi
	if [ -e "$dir/needs-mount" ] && ! unshare -m sh -c \
	   'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d" && rmdir "$d"' \
	   >/dev/null 2>&1; then
		echo "skip $name: needs to mount a small tmpfs (root, unshare -m)"
		skipped=$((skipped + 1))
		continue
	fi
	if [ -e "$dir/rlimit-as" ] && { [ $asan = 1 ] ||
	   case "${WRAP:-}" in *valgrind*) true ;; *) false ;; esac; }; then
		echo "skip $name: limits address space, which the sanitizer or valgrind needs"
		skipped=$((skipped + 1))
		continue
	fi
	case "${WRAP:-}" in *valgrind*)
		if [ -e "$dir/leaks-on-purpose" ]; then
			echo "skip $name: a fixture leaks on purpose, which valgrind reports"
			skipped=$((skipped + 1))
			continue
		fi
		if [ -e "$dir/crashes-on-purpose" ]; then
			echo "skip $name: a fixture crashes on purpose, which valgrind reports"
			skipped=$((skipped + 1))
			continue
		fi
		if [ -e "$dir/bulk" ]; then
			echo "skip $name: hundreds of runs or tens of thousands of records, whose code smaller cases run under valgrind"
			skipped=$((skipped + 1))
			continue
		fi
	esac
	TMP=$(mktemp -d)
	R=$(mktemp -d) # the runner's own files, out of the command's sight
	(cd "$root/tests/e2e/data" &&
	 PATH="$bin:$PATH" T="$T" P="$P" TMP="$TMP" ROOT="$root" O="$O" \
	 sh -c "$(cat "$dir/cmd")" >"$R/out" 2>"$R/err" </dev/null
	 echo $? >"$R/status")
	for f in out err; do
		sed -e "s|$TMP|\$TMP|g" -e "s|$T|\$T|g" -e "s|$P|\$P|g" \
			-e "s|$C|\$C|g" \
			"$R/$f" >"$R/$f.n"
	done
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$R/out.n" "$dir/out"
		cp "$R/err.n" "$dir/err"
		cp "$R/status" "$dir/status"
	fi
	bad=""
	cmp -s "$R/out.n" "$dir/out" || bad="$bad stdout"
	cmp -s "$R/err.n" "$dir/err" || bad="$bad stderr"
	cmp -s "$R/status" "$dir/status" || bad="$bad status"
	if [ -z "$bad" ]; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name:$bad differ"
		for f in out err; do
			cmp -s "$R/$f.n" "$dir/$f" ||
				diff "$dir/$f" "$R/$f.n" | head -20 | sed 's/^/     /'
		done
		cmp -s "$R/status" "$dir/status" ||
			echo "     status: want $(cat "$dir/status") got $(cat "$R/status")"
	fi
	rm -rf "$TMP" "$R"
done
echo "e2e: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
