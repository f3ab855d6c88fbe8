#!/bin/sh
# globals-check.sh BUILD - fail when an object of core/ holds writable
# file-scope state (a static or global variable, a function's static)
# that is not on the short list below: a run's state belongs in struct
# run (core/run.h), reached through the record and result handles.
#
# The objects say it better than a grep of the sources, which misses a
# declaration over two lines: nm(1) lists every symbol with its section,
# and what lies in .data, .bss or their thread-local twins is writable
# (a const table of pointers lies in .data.rel.ro and is not).  Each entry
# of the list is OBJECT SYMBOL (a function's static without gcc's ".N")
# and the one reason it cannot live in the run.
cd "$(dirname "$0")/.." || exit 2
build=${1:-build}
allowed='
run.o active the ABI'"'"'s handle-less services (log, declare, config_*) reach the run through it
outfile.o sig signal handler: the temporary files a fatal signal removes, and whose they are
check_run.o crash_fd signal handler: where a checked plugin'"'"'s crash is told
host_exit.o watch atexit handler and _exit: neither gets an argument
mem.o arenas cJSON'"'"'s allocation hooks take no argument: the block and the arenas they cut from (a record'"'"'s, the pipeline'"'"'s results'"'"', its reader'"'"'s slots)
mem.o open_arena thread-local: the arena this thread cuts from, which only this thread opened
mem.o failed thread-local: an allocation failure on the pipeline'"'"'s reader or writer thread is theirs
diag.o held thread-local: the lines the pipeline'"'"'s reader holds back for the record they come before, which only that thread holds
lang.o current the process'"'"'s language: gettext'"'"'s catalog (setlocale) is process state, chosen before the command line is read
sha256.o use_ni a process constant: the CPU'"'"'s SHA instructions, probed once
plugin.o dir a process constant: the folders beside the executable, resolved once
tmp.o dir a process constant: $TMPDIR checked once, so every temporary file and message names one folder
'
objs=$(ls "$build"/core/*.o "$build"/core/archive/*.o 2>/dev/null)
if [ -z "$objs" ]; then
	echo "globals-check.sh: no objects under $build/core (build first)"
	exit 2
fi
found=$(for o in $objs; do
	nm -f sysv "$o" | awk -F'|' -v obj="${o##*/}" '
	{
		name = $1; sect = $7
		gsub(/ /, "", name); gsub(/ /, "", sect)
		if (sect !~ /^\.(t?data|t?bss)/ || sect ~ /^\.data\.rel\.ro/)
			next
		if (name ~ /^(\.|__)/) # the compiler'"'"'s own
			next
		sub(/\.[0-9]+$/, "", name)
		print obj, name
	}'
done | sort -u)
if [ -z "$found" ]; then # run.o'"'"'s active is always there: nm failed
	echo "globals-check.sh: nm listed nothing under $build/core"
	exit 2
fi
status=0
n=0
printf '%s\n' "$found" | {
	while read -r obj sym; do
		[ -n "$obj" ] || continue
		n=$((n + 1))
		if ! printf '%s\n' "$allowed" | grep -q "^$obj $sym "; then
			echo "core/${obj%.o}.c: '$sym' is writable file-scope state: a run's belongs in struct run (core/run.h); anything else goes on the list in scripts/globals-check.sh with its reason"
			status=1
		fi
	done
	[ $status -eq 0 ] &&
		echo "no writable global in core/ but the $n listed (their reasons in scripts/globals-check.sh)"
	exit $status
}
