#!/usr/bin/env bash
# End-to-end timing: `shortlist score` against the same job in pandas.
#
#   bench/run_end_to_end.sh [BUILD_DIR] [APPLICANTS] [RUNS]
#
# BUILD_DIR (default: build-bench beside this script's parent) must hold a
# Release build with the CLI and the bench targets (cmake --build BUILD_DIR
# --target shortlist_cli make_dataset). APPLICANTS defaults to 100000
# (x 20 criteria x 3 assessors = 6 M rating rows); RUNS to 3.
#
# Makes the dataset in a temporary directory, runs each command RUNS times
# under /usr/bin/time and reports the best wall time and the peak RSS, checks
# that both produced the same totals and statuses, and prints the ratio. If
# hyperfine is installed it also runs both under hyperfine (1 warm-up).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build-bench}"
applicants="${2:-100000}"
runs="${3:-3}"
python=/usr/bin/python3

cli="$build/shortlist"
make_dataset="$build/bench/make_dataset"
for exe in "$cli" "$make_dataset"; do
    [[ -x "$exe" ]] || { echo "run_end_to_end: $exe not built" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "run_end_to_end: needs GNU time (apt-get install time)" >&2; exit 2; }
"$python" -c 'import pandas' 2>/dev/null ||
    { echo "run_end_to_end: needs pandas (apt-get install python3-pandas)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$make_dataset" "$work" "$applicants" >&2

shortlist_cmd=("$cli" score --rules "$work/rulebook.yaml" --applicants "$work/applicants.csv"
               --ratings "$work/ratings.csv" --out "$work/shortlist.csv")
pandas_cmd=("$python" "$here/pandas_baseline.py" "$work" "$work/pandas.csv")

# best_of NAME CMD...: prints "NAME best_seconds peak_rss_kib"
best_of() {
    local name="$1" best="" peak=0 secs kib
    shift
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null
        read -r secs kib <"$work/time.txt"
        if [[ -z "$best" ]] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a<b)}'; then best="$secs"; fi
        ((kib > peak)) && peak="$kib"
    done
    echo "$name $best $peak"
}

read -r _ s_secs s_kib < <(best_of shortlist "${shortlist_cmd[@]}")
read -r _ p_secs p_kib < <(best_of pandas "${pandas_cmd[@]}")

rows=$((applicants * 20 * 3))
mb=$(stat -c %s "$work/ratings.csv" "$work/applicants.csv" | awk '{b += $1} END {printf "%.0f", b / 1e6}')
echo "dataset: $applicants applicants, $rows rating rows, ${mb} MB of CSV; best of $runs"
awk -v s="$s_secs" -v k="$s_kib" 'BEGIN{printf "shortlist score : %6.2f s  peak RSS %5.0f MiB\n", s, k/1024}'
awk -v s="$p_secs" -v k="$p_kib" 'BEGIN{printf "pandas baseline : %6.2f s  peak RSS %5.0f MiB\n", s, k/1024}'
awk -v s="$s_secs" -v p="$p_secs" 'BEGIN{printf "pandas / shortlist: %.2fx\n", p/s}'

# Same job, same answers: totals to 1e-6 and the same status for everyone.
"$python" - "$work/shortlist.csv" "$work/pandas.csv" <<'EOF'
import sys
import pandas as pd
a = pd.read_csv(sys.argv[1], usecols=["applicant_id", "status", "total"]).set_index("applicant_id")
b = pd.read_csv(sys.argv[2], usecols=["applicant_id", "status", "total"]).set_index("applicant_id")
b = b.reindex(a.index)
diff = (a["total"] - b["total"]).abs().max()
mismatched = int((a["status"] != b["status"]).sum())
print(f"check: max |total difference| {diff:.2e}, status mismatches {mismatched} of {len(a)}")
sys.exit(0 if diff <= 1e-6 and mismatched == 0 else 1)
EOF

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$runs" -N \
        -n shortlist "$(printf '%q ' "${shortlist_cmd[@]}")" \
        -n pandas "$(printf '%q ' "${pandas_cmd[@]}")"
fi
