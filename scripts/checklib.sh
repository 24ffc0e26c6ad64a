# Shared by check.sh and list-check.sh: named checks and their summary.
# Sourced after lib.sh; set SUMMARY (the summary file) first.
# shellcheck shell=bash

passed=0 failed=0
declare -a failures=()

check_begin() {
	mkdir -p "$BUILD" "$LOGS"
	rm -f "$SUMMARY"
	t_all=$(date +%s)
}

# summary LINE: the last line of the output, also kept in $SUMMARY (which
# .ci/run prints), on every way out.
summary() { echo "$1" | tee "$SUMMARY"; }

# run NAME COMMAND...: one check, its output kept in build/logs/check-NAME.txt
run() {
	local name=$1 t0 rc log
	shift
	log=$LOGS/check-${name//\//_}.txt
	t0=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		printf 'PASS %-34s %5ss\n' "$name" $(($(date +%s) - t0))
		passed=$((passed + 1))
	else
		printf 'FAIL %-34s %5ss  (log: %s)\n' "$name" $(($(date +%s) - t0)) "$log"
		tail -n 25 "$log" | sed 's/^/  | /'
		failed=$((failed + 1))
		failures+=("$name")
	fi
	return $rc
}

# run_qemu_list FILE: every test of a tests/qemu-tests style list,
# $QEMU_JOBS (default 2) at a time: a guest mostly keeps one vCPU busy, so
# two share the machine's two cores well. Each result is printed when its
# test ends.
run_qemu_list() {
	local name kernel tmo args
	local -A running=()
	while read -r name kernel tmo args; do
		case $name in '' | '#'*) continue ;; esac
		while [ ${#running[@]} -ge "${QEMU_JOBS:-2}" ]; do reap_qemu; done
		run "qemu/$name" "$TOP/scripts/qemu-run.sh" "$name" "$kernel" "$tmo" \
			"$args" >"$LOGS/check-qemu_$name.out" &
		running[$!]=$name
	done <"$1"
	while [ ${#running[@]} -gt 0 ]; do reap_qemu; done
}

# reap_qemu: wait for one test of run_qemu_list, print and count it.
reap_qemu() {
	local pid rc name
	wait -n -p pid
	rc=$?
	name=${running[$pid]}
	unset "running[$pid]"
	cat "$LOGS/check-qemu_$name.out"
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("qemu/$name")
	fi
}

# check_end WHAT: the time taken and the summary line; fails on any failure.
check_end() {
	echo
	echo "$1 took $(( ($(date +%s) - t_all) / 60 )) min $(( ($(date +%s) - t_all) % 60 )) s"
	[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
	summary "$passed passed, $failed failed"
	[ $failed -eq 0 ]
}
