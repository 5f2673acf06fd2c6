#!/usr/bin/env bash
# End-to-end speed of `merit eval` against the floor (examples/csv_floor.rs: read the same
# CSV with the same csv crate settings and parse every number, nothing else), at 10k, 100k
# and 1M employee-periods of the founding scheme (wide CSV, 100,000 employees per period
# at 1M). Prints each time, the ratio to the floor, peak memory against the file's size,
# and the exponent of the growth of merit's time from 10k to 1M rows.
#
# Usage: bench/run.sh [ROWS...]       (default: 10000 100000 1000000)
# Method and figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
scheme=policies/online-shop-cs.merit
work=${BENCH_DIR:-target/bench-data}
mkdir -p "$work"

cargo build --release --quiet --bin merit --example csv_floor
merit=target/release/merit
floor=target/release/examples/csv_floor

# Seconds and peak resident KB of a command, best of $runs (stdout discarded).
runs=${BENCH_RUNS:-3}
measure() {
    local best_s="" best_kb=""
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null
        read -r s kb <"$work/time.txt"
        if [[ -z $best_s ]] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; fi
        if [[ -z $best_kb ]] || ((kb < best_kb)); then best_kb=$kb; fi
    done
    echo "$best_s $best_kb"
}

printf '%-9s %9s %9s %7s %10s %10s %8s\n' rows floor_s merit_s ratio file_MB peak_MB mem/file
declare -A merit_time
for rows in "${sizes[@]}"; do
    periods=10
    employees=$((rows / periods))
    data="$work/online-shop-cs-$rows.csv"
    [[ -s $data ]] || "$merit" gen "$scheme" --employees "$employees" --periods "$periods" \
        --seed 1 -o "$data"
    read -r floor_s _ < <(measure "$floor" "$data")
    read -r merit_s merit_kb < <(measure "$merit" eval "$scheme" --data "$data" --format csv \
        -o "$work/out.csv")
    merit_time[$rows]=$merit_s
    file_kb=$(($(stat -c %s "$data") / 1024))
    awk -v r="$rows" -v f="$floor_s" -v m="$merit_s" -v fk="$file_kb" -v mk="$merit_kb" 'BEGIN {
        printf "%-9d %9.2f %9.2f %6.1fx %10.1f %10.1f %7.1fx\n",
            r, f, m, (f > 0 ? m / f : 0), fk / 1024, mk / 1024, mk / fk }'
done
first=${sizes[0]}
last=${sizes[${#sizes[@]}-1]}
if [[ $first != "$last" ]]; then
    awk -v a="$first" -v b="$last" -v ta="${merit_time[$first]}" -v tb="${merit_time[$last]}" \
        'BEGIN { printf "growth exponent of merit time from %d to %d rows: %.2f (1 = linear)\n",
            a, b, log(tb / ta) / log(b / a) }'
fi
