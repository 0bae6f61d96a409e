#!/usr/bin/env bash
# Runs the depeche benchmarks on the generated corpus and prints a table: analyze and extract,
# one thread and all threads, in-process (depeche_bench) and end to end through the CLI.
#
#   bench/run.sh [BUILD_DIR]        (default: build; needs depeche and depeche_bench built)
#   BENCH_MB=55 BENCH_REPEAT=1 BENCH_THREADS="1 2" bench/run.sh build
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
mb=${BENCH_MB:-55}
repeat=${BENCH_REPEAT:-1}
ncpu=$(nproc)
threads_list=${BENCH_THREADS:-"1 $ncpu"}
corpus_dir=$build/bench-corpus
corpus=$corpus_dir/corpus-${mb}mb.jsonl
news=$repo/../shared/corpus/news

for exe in depeche depeche_bench; do
  if [[ ! -x $build/$exe ]]; then
    echo "run.sh: $build/$exe is missing; build it: cmake --build $build --target $exe" >&2
    exit 2
  fi
done
if [[ ! -x /usr/bin/time ]]; then
  echo "run.sh: /usr/bin/time is needed for peak memory (apt-get install time)" >&2
  exit 2
fi

mkdir -p "$corpus_dir"
if [[ ! -s $corpus ]]; then
  python3 "$here/make_corpus.py" "$corpus" --mb "$mb" --news "$news"
fi
corpus_mb=$(awk -v b="$(stat -c %s "$corpus")" 'BEGIN { printf "%.1f", b / 1048576 }')

# The knowledge may still be in the making: wait for it (up to 5 tries) instead of failing.
for try in 1 2 3 4 5; do
  rc=0
  "$build/depeche" extract --quiet -o /dev/null < /dev/null 2> "$corpus_dir/load.err" || rc=$?
  [[ $rc != 2 ]] && break  # 2 = the engine could not start; 1 = the empty input, fine
  if [[ $try == 5 ]]; then
    echo "run.sh: the engine cannot load its knowledge:" >&2
    cat "$corpus_dir/load.err" >&2
    exit 3
  fi
  echo "run.sh: knowledge not loadable yet, retrying in 60 s: $(head -c 200 "$corpus_dir/load.err")" >&2
  sleep 60
done

# key=value extraction from a depeche_bench line.
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$2" | tail -n 1; }
# Peak resident set (kB) from /usr/bin/time -v output.
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

rows=()
# Reading alone (JSON parsing, decoding), on one thread as RunParallel does: the serial part.
log=$corpus_dir/ingest.log
/usr/bin/time -v -o "$log.time" "$build/depeche_bench" --stage ingest --threads 1 --no-write \
  "$corpus" > "$log"
line=$(tail -n 1 "$log")
rows+=("$(printf '%-8s %-7s %3s %7.1f %7.1f %6.1f %9.1f %8.0f %8s %10s %9.0f' ingest read 1 \
  "$(kv run_s "$line")" "$(kv cpu_s "$line")" "$(kv mb_per_s "$line")" \
  "$(awk -v b="$(kv input_bytes "$line")" -v c="$(kv cpu_s "$line")" \
     'BEGIN { print b / 1048576 / c }')" "$(kv docs_per_s "$line")" - - \
  "$(( $(rss "$log.time") / 1024 ))")")
for stage in analyze extract; do
  # "nowrite" runs the engine without the JSON writing: how much of the time is output.
  for how in bench nowrite; do
  for t in $threads_list; do
    log=$corpus_dir/$how-$stage-$t.log
    flags=()
    [[ $how == nowrite ]] && flags=(--no-write)
    /usr/bin/time -v -o "$log.time" "$build/depeche_bench" --stage "$stage" --threads "$t" \
      --repeat "$repeat" "${flags[@]}" "$corpus" > "$log"
    # With several repeats, the fastest run is the figure (the others warmed the caches).
    line=$(awk '{ for (i = 1; i <= NF; ++i) if ($i ~ /^run_s=/) { split($i, a, "="); print a[2] "\t" $0 } }' "$log" | sort -g | head -n 1 | cut -f2-)
    run_s=$(kv run_s "$line")
    cpu_s=$(kv cpu_s "$line")
    sentences=$(kv sentences "$line")
    docs=$(kv docs "$line")
    rows+=("$(printf '%-8s %-7s %3s %7.1f %7.1f %6.2f %9.2f %8.0f %8.0f %10.0f %9.0f' \
      "$stage" "$how" "$t" "$run_s" "$cpu_s" "$(kv mb_per_s "$line")" \
      "$(awk -v b="$(kv input_bytes "$line")" -v c="$cpu_s" 'BEGIN { print b / 1048576 / c }')" \
      "$(kv docs_per_s "$line")" "$(kv sentences_per_s "$line")" \
      "$(kv sentences_per_cpu_s "$line")" "$(( $(rss "$log.time") / 1024 ))")")
    echo "done: $how $stage, $t thread(s): $line" >&2
  done
  done
  # End to end through the CLI (knowledge loading and JSON writing to a file included).
  cli=$([[ $stage == analyze ]] && echo analyze || echo extract)
  for t in $threads_list; do
    out=$corpus_dir/cli-$stage-$t.jsonl
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$out.time" "$build/depeche" "$cli" --quiet -t "$t" -o "$out" "$corpus" || true
    end=$(date +%s.%N)
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    cpu=$(awk '/User time|System time/ { s += $NF } END { print s }' "$out.time")
    rows+=("$(printf '%-8s %-7s %3s %7.1f %7.1f %6.2f %9.2f %8.0f %8s %10s %9.0f' \
      "$stage" cli "$t" "$wall" "$cpu" \
      "$(awk -v m="$corpus_mb" -v w="$wall" 'BEGIN { print m / w }')" \
      "$(awk -v m="$corpus_mb" -v c="$cpu" 'BEGIN { print m / c }')" \
      "$(awk -v d="$docs" -v w="$wall" 'BEGIN { print d / w }')" - - \
      "$(( $(rss "$out.time") / 1024 ))")")
    rm -f "$out"
  done
done

echo
echo "corpus: $corpus ($corpus_mb MiB, $docs documents, $sentences sentences); $ncpu cores;" \
     "$(uname -m); $(date -u +%Y-%m-%d)"
echo "bench = in-process after loading (load excluded), JSON written to memory;" \
     "nowrite = same without the JSON; cli = whole command (load, output file)"
echo "per core = per CPU second (user+sys), which stays meaningful on a shared machine"
printf '%-8s %-7s %3s %7s %7s %6s %9s %8s %8s %10s %9s\n' stage how thr wall_s cpu_s MB/s \
  MB/cpu_s docs/s sent/s sent/cpu_s peak_MB
for r in "${rows[@]}"; do echo "$r"; done
