#!/bin/sh
# archive_pg.sh - the archive's cases against a real PostgreSQL server: a
# throwaway one this script starts (initdb and pg_ctl from Debian's
# postgresql, in a temporary folder, as the postgres user since the server
# refuses to run as root, listening on a Unix socket in that folder only),
# and stops at the end.  The same behaviour the SQLite cases in tests/e2e
# hold: three years archived in turn give the results typed by hand, a
# re-run keeps both runs, a run killed inside its transaction leaves the
# archive as before, two runs at once both land, a lock held past
# --archive-wait names its holder, a newer schema is refused, and a server
# that goes away mid-run is a clean failure with the output complete.
# Skipped, saying so, when not root or without the server's programs.
# Prints "ok"/"FAIL" a case, then "archive_pg: N passed, N failed, N
# skipped".  Environment: O (build root), WRAP (as tests/run.sh).
set -u
O=${O:-.}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$O" in /*) ;; *) O="$root/$O" ;; esac
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ "$(id -u)" != 0 ] || [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] ||
   ! id postgres >/dev/null 2>&1; then
	echo "skip archive_pg: needs root and Debian's postgresql (the test server runs as the postgres user)"
	echo "archive_pg: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
w=$(mktemp -d) || exit 1
chown postgres "$w"
passed=0
failed=0
as_pg() { (cd "$w" && runuser -u postgres -- "$@"); }
start() {
	as_pg "$pgbin/pg_ctl" -D "$w/data" -l "$w/server.log" -w -t 60 \
		-o "-k $w -c listen_addresses='' -c fsync=off" start \
		>>"$w/pg_ctl.log" 2>&1
}
stop() {
	as_pg "$pgbin/pg_ctl" -D "$w/data" -m fast -w stop \
		>>"$w/pg_ctl.log" 2>&1
}
finish() {
	[ -e "$w/data/postmaster.pid" ] && stop
	rm -rf "$w"
}
trap finish EXIT
trap 'exit 1' INT TERM
if ! as_pg "$pgbin/initdb" -D "$w/data" -A trust -U postgres --no-sync \
	>"$w/initdb.log" 2>&1 || ! start; then
	tail -5 "$w/initdb.log" "$w/server.log" 2>/dev/null
	echo "FAIL archive_pg: the test server did not start"
	echo "archive_pg: 0 passed, 1 failed, 0 skipped"
	exit 1
fi
assess() { ${WRAP:-} "$O/bin/assess" "$@"; }
psql_() { "$pgbin/psql" -X -q -At -h "$w" -U postgres "$@"; }
years="$root/examples/company/years"
# A fresh database for each case, named as the case: its URL in $U.
fresh() {
	psql_ -d postgres -c "CREATE DATABASE $case" || return 1
	U="postgresql://postgres@/$case?host=$w"
}
q() { psql_ -d "$case" -c "$1"; }
results() { # FILE: the results and summary of an output document
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps([d["results"], d["summary"]]))' "$1"
}
check() { # NAME: the case's function, ok when it returns 0
	case=$1
	if out=$("$1" 2>&1); then
		echo "ok   archive_pg $1"
		passed=$((passed + 1))
	else
		echo "FAIL archive_pg $1"
		printf '%s\n' "$out" | tail -15 | sed 's/^/     /'
		failed=$((failed + 1))
	fi
}

three_years_give_the_results_typed_by_hand() {
	fresh || return 1
	for y in 2023 2024 2025; do
		assess --plugin starbranch --archive "$U" --history-from "$U" \
			"$years/$y.ndjson" -o "$w/$y.json" || return 1
	done
	assess --plugin starbranch "$root/examples/company/branches.ndjson" \
		-o "$w/typed.json" || return 1
	[ "$(results "$w/typed.json")" = "$(results "$w/2025.json")" ] || return 1
	got=$(q "SELECT period, stars, previous_period, previous_stars, stars_change, score_change FROM assess_trend WHERE id = 'b-30632' ORDER BY period")
	want="2023|2||||
2024|1|2023|2|-1|-10.00
2025|0|2024|1|-1|9.19"
	[ "$got" = "$want" ] || { echo "trend: $got"; return 1; }
}

rerun_keeps_both_and_marks_the_newer_current() {
	fresh || return 1
	for i in 1 2; do
		assess --plugin starbranch --archive "$U" "$years/2025.ndjson" \
			-o "$w/out.json" || return 1
	done
	[ "$(q 'SELECT run_id, is_current FROM assess_run ORDER BY run_id' | tr '\n' ' ')" = "1|0 2|1 " ] &&
	[ "$(q 'SELECT count(*) FROM assess_result')" = 96 ] &&
	assess --archive "$U" --list-runs | grep -q '^    2  2025 .* \*  *starbranch$'
}

a_run_is_current_for_the_ids_it_holds() {
	fresh || return 1
	head -1 "$years/2024.ndjson" > "$w/one.ndjson"
	for f in "$years/2024.ndjson" "$w/one.ndjson"; do
		assess --plugin starbranch --archive "$U" "$f" -o "$w/out.json" ||
			return 1
	done
	assess --plugin scorecard --config "$root/configs/fourstrong.ini" \
		--archive "$U" "$root/examples/village/branches.json" \
		-o "$w/v.json" || return 1
	assess --plugin scorecard --config "$root/configs/scorecard-fivegood.ini" \
		--archive "$U" "$root/examples/city/communities.ndjson" \
		-o "$w/c.json" 2>/dev/null
	[ $? = 1 ] || return 1
	got=$(q "SELECT scheme, period, count(*) FROM assess_results GROUP BY scheme, period ORDER BY scheme" | tr '\n' ' ')
	[ "$got" = "starbranch|2024|47 五个好社区党组织|2025|65 四强党支部|2025|30 " ] ||
		{ echo "current: $got"; return 1; }
}

results_and_rejections_as_written() {
	fresh || return 1
	assess --plugin starbranch --archive "$U" \
		"$root/tests/e2e/data/sb/rules.ndjson" -o "$w/out.json"
	[ $? = 1 ] || return 1
	[ "$(q 'SELECT count(*) FROM assess_rejection')" = 7 ] &&
	[ "$(q 'SELECT exit_status, records, assessed, rejected FROM assess_run')" = "1|23|17|6" ] &&
	q "SELECT result_json FROM assess_result ORDER BY seq" > "$w/rows" &&
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit([json.loads(l) for l in open(sys.argv[2])] != d["results"])' "$w/out.json" "$w/rows"
}

killed_in_the_transaction_leaves_the_archive_as_before() {
	fresh || return 1
	assess --plugin starbranch --archive "$U" "$years/2024.ndjson" \
		-o "$w/2024.json" || return 1
	before=$(q 'SELECT (SELECT count(*) FROM assess_run), (SELECT count(*) FROM assess_result)')
	rm -f "$w/flag"
	ASSESS_TEST_ARCHIVE_PAUSE="$w/flag" "$O/bin/assess" --plugin starbranch \
		--archive "$U" "$years/2025.ndjson" -o "$w/2025.json" &
	pid=$!
	while [ ! -e "$w/flag" ]; do sleep 0.1; done
	kill -9 $pid
	wait $pid
	rm -f "$w/flag"
	[ "$(q 'SELECT (SELECT count(*) FROM assess_run), (SELECT count(*) FROM assess_result)')" = "$before" ] &&
	assess --plugin starbranch --archive "$U" "$years/2025.ndjson" \
		-o "$w/2025.json" &&
	[ "$(q 'SELECT count(*) FROM assess_run')" = 2 ]
}

two_runs_at_once_both_land() {
	fresh || return 1
	rm -f "$w/flag"
	ASSESS_TEST_ARCHIVE_PAUSE="$w/flag" "$O/bin/assess" --plugin starbranch \
		--archive "$U" "$years/2025.ndjson" -o "$w/a.json" &
	a=$!
	while [ ! -e "$w/flag" ]; do sleep 0.1; done
	assess --plugin starbranch --archive "$U" "$years/2025.ndjson" \
		-o "$w/b.json" &
	b=$!
	sleep 1
	rm -f "$w/flag"
	wait $a || return 1
	wait $b || return 1
	[ "$(q 'SELECT run_id, is_current, records FROM assess_run ORDER BY run_id' | tr '\n' ' ')" = "1|0|48 2|1|48 " ]
}

a_lock_held_too_long_names_its_holder() {
	fresh || return 1
	rm -f "$w/flag"
	ASSESS_TEST_ARCHIVE_PAUSE="$w/flag" "$O/bin/assess" --plugin starbranch \
		--archive "$U" "$years/2024.ndjson" -o "$w/a.json" &
	a=$!
	while [ ! -e "$w/flag" ]; do sleep 0.1; done
	assess --plugin starbranch --archive "$U" --archive-wait 1 \
		"$years/2025.ndjson" -o "$w/b.json" 2>"$w/err"
	st=$?
	rm -f "$w/flag"
	wait $a
	cat "$w/err"
	[ $st = 2 ] &&
	grep -q "$case?host=$w: locked by server process [0-9]* (assess, user postgres, from local); waited 1 s" "$w/err" &&
	grep -q 'the run was NOT archived' "$w/err" &&
	[ "$(results "$w/b.json" | head -c 2)" = "[[" ] &&
	[ "$(q 'SELECT count(*) FROM assess_run')" = 1 ]
}

a_newer_schema_is_refused() {
	fresh || return 1
	assess --plugin starbranch --archive "$U" "$years/2024.ndjson" \
		-o "$w/a.json" || return 1
	q 'INSERT INTO assess_schema VALUES (7)'
	assess --plugin starbranch --archive "$U" "$years/2025.ndjson" \
		-o "$w/b.json" 2>"$w/err"
	st=$?
	cat "$w/err"
	[ $st = 2 ] && grep -q "schema is version 7, newer than version 2" "$w/err" &&
	[ "$(q 'SELECT count(*) FROM assess_run')" = 1 ]
}

the_server_going_away_is_a_clean_failure() {
	fresh || return 1
	rm -f "$w/flag"
	ASSESS_TEST_ARCHIVE_PAUSE="$w/flag" "$O/bin/assess" --plugin starbranch \
		--archive "$U" "$years/2025.ndjson" -o "$w/a.json" 2>"$w/err" &
	a=$!
	while [ ! -e "$w/flag" ]; do sleep 0.1; done
	as_pg "$pgbin/pg_ctl" -D "$w/data" -m immediate -w stop \
		>>"$w/pg_ctl.log" 2>&1
	rm -f "$w/flag"
	wait $a
	st=$?
	cat "$w/err"
	start || return 1
	[ $st = 2 ] && grep -q 'the run was NOT archived' "$w/err" &&
	[ "$(results "$w/a.json" | head -c 2)" = "[[" ] &&
	! grep -q 'postgres@' "$w/a.json" &&
	[ "$(q 'SELECT count(*) FROM information_schema.tables WHERE table_name = '"'assess_run'")" = 0 ]
}

check three_years_give_the_results_typed_by_hand
check rerun_keeps_both_and_marks_the_newer_current
check a_run_is_current_for_the_ids_it_holds
check results_and_rejections_as_written
check killed_in_the_transaction_leaves_the_archive_as_before
check two_runs_at_once_both_land
check a_lock_held_too_long_names_its_holder
check a_newer_schema_is_refused
check the_server_going_away_is_a_clean_failure
echo "archive_pg: $passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
