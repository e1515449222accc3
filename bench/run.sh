#!/usr/bin/env bash
# The speed and memory benchmark for issue 4. Builds the release binary, makes 1,000- and
# 10,000-row rosters in a temp dir, and prints the median wall time (hyperfine) and peak RSS
# (/usr/bin/time -v) of `render` and `batch`. Needs hyperfine and GNU time.
#
# usage: bench/run.sh [JOBS]      (JOBS for batch, default 2)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${1:-2}"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/handout"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$repo"/examples/*.yaml "$repo"/examples/*.svg "$work/"
"$repo/bench/make-roster.sh" 1000 "$work/r1000.csv"
"$repo/bench/make-roster.sh" 10000 "$work/r10000.csv"
cd "$work"
export SOURCE_DATE_EPOCH=1700000000

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary:  $("$bin" --version)"

rss() { # peak RSS in MB of one run of "$@"
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.1f MB", $6 / 1024}'
}
median() { # median wall time of a hyperfine run, in ms
  hyperfine -N --style none --export-json "$work/h.json" "$@" >/dev/null 2>&1
  python3 -c "import json; r = json.load(open('$work/h.json'))['results'][0]; print(f\"{r['median'] * 1000:.1f} ms (min {r['min'] * 1000:.1f}, {len(r['times'])} runs)\")"
}

echo
echo "render examples/hip-and-lower-back.yaml"
echo "  median: $(median -w 5 -r 60 "$bin render hip-and-lower-back.yaml -o one.pdf --force")"
echo "  peak RSS: $(rss "$bin" render hip-and-lower-back.yaml -o one.pdf --force)"
echo "  file: $(stat -c %s one.pdf) bytes"

for n in 1000 10000; do
  runs=5; [ "$n" = 10000 ] && runs=2
  echo
  echo "batch r$n.csv --jobs $jobs"
  echo "  median: $(median -r "$runs" --prepare "rm -rf out$n" "$bin batch r$n.csv --out-dir out$n --jobs $jobs --quiet")"
  rm -rf "out$n"
  echo "  peak RSS: $(rss "$bin" batch "r$n.csv" --out-dir "out$n" --jobs "$jobs" --quiet)"
  echo "  files: $(ls "out$n" | wc -l), largest $(ls -S "out$n" | head -1 | xargs -I{} stat -c %s "out$n/{}") bytes"
  rm -rf "out$n"
done
