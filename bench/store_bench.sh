#!/bin/sh
# Store benchmark (not a test): ingest rate with the whole pipeline, then query latency on
# a store of >= 1,000,000 occasions made by replicating the events really extracted from
# the reference corpus with shifted dates and new ids (SQL below). Prints the figures.
#
#   bench/store_bench.sh [DEPECHE_BINARY] [WORKDIR]
#
# Needs python3 (to pack the corpus into JSON Lines) and sqlite3's Python module.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
CLI=${1:-$HERE/build/depeche}
WORK=${2:-/tmp/depeche_store_bench}
CORPUS=$HERE/../shared/corpus
COPIES=${COPIES:-10}
REPLICAS=${REPLICAS:-0}
mkdir -p "$WORK"
if [ "${REUSE:-0}" != 1 ] || [ ! -f "$WORK/bench.db" ]; then
rm -f "$WORK"/bench.db "$WORK"/bench.db-wal "$WORK"/bench.db-shm

# 1. The corpus pages, COPIES times under distinct ids (each copy a different "outlet").
python3 - "$CORPUS" "$WORK/corpus.jsonl" "$COPIES" <<'PY'
import json, os, sys
root, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = []
for sub in ("news", "seeds"):
    for d, _, files in os.walk(os.path.join(root, sub)):
        for f in sorted(files):
            if f.endswith((".html", ".htm", ".txt")):
                p = os.path.join(d, f)
                raw = open(p, "rb").read().decode("utf-8", "replace")
                key = "html" if f.endswith((".html", ".htm")) else "text"
                pages.append((os.path.relpath(p, root), key, raw))
with open(out, "w") as o:
    for c in range(copies):
        for rel, key, raw in pages:
            o.write(json.dumps({"id": f"{c}/{rel}", key: raw, "outlet": f"outlet{c}"}) + "\n")
print(f"{len(pages) * copies} documents ({len(pages)} pages x {copies})")
PY

start=$(date +%s.%N)
"$CLI" ingest "$WORK/corpus.jsonl" --db "$WORK/bench.db" -q
end=$(date +%s.%N)
docs=$(python3 -c "import sqlite3;print(sqlite3.connect('$WORK/bench.db').execute('select count(*) from documents').fetchone()[0])")
python3 -c "print('ingest: %d documents in %.2f s = %.0f documents/s (whole pipeline, engine load included)' % ($docs, $end - $start, $docs / ($end - $start)))"

# 2. Replicate the extracted occasions (with their first event and its main evidence)
#    REPLICAS times with dates
#    shifted by a varying number of days and new ids (k * 10^6 + original id).
python3 - "$WORK/bench.db" "$REPLICAS" <<'PY'
import sqlite3, sys, time
db, reps = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
base = c.execute("SELECT count(*) FROM occasions").fetchone()[0]
if reps <= 0:
    reps = -(-1000000 // base)  # enough for >= 1,000,000 occasions
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=OFF")
t = time.time()
c.execute("CREATE TEMP TABLE k(k INTEGER PRIMARY KEY)")
c.executemany("INSERT INTO k VALUES (?)", [(i,) for i in range(1, reps + 1)])
shift = "((k.k * 37) % 3650 - 1825)"
c.execute(f"""INSERT INTO occasions SELECT k.k * 1000000 + o.occ_pk, o.type, o.mode, o.cameo,
  o.source_pk, o.target_pk, o.source_sector, o.target_sector, o.pair_lo, o.pair_hi,
  CASE WHEN o.precision = 'day' THEN date((o.day + {shift}) * 86400, 'unixepoch') ELSE o.date END,
  o.precision, o.day + {shift},
  CASE WHEN o.day IS NULL THEN o.month ELSE strftime('%Y-%m', (o.day + {shift}) * 86400, 'unixepoch') END,
  o.place_name, o.place_country, o.lat, o.lon, o.geonames_id, o.feature, o.intensity, o.quad,
  o.confidence, o.num_mentions, o.num_articles, o.num_sources, o.num_stories,
  k.k * 1000000 + o.first_event, o.added FROM occasions o, k WHERE o.occ_pk < 1000000""")
c.execute("""INSERT INTO events SELECT k.k * 1000000 + e.event_pk, e.doc_pk, e.ordinal,
  k.k * 1000000 + e.occ_pk, e.type, e.mode, e.modality, e.cameo, e.source_pk, e.target_pk,
  e.source_sector, e.source_post, e.target_sector, e.target_post, e.source_also, e.target_also,
  e.date, e.precision, e.day, e.place_name, e.place_country, e.lat, e.lon, e.geonames_id,
  e.feature, e.confidence, e.trigger, e.pattern, e.path FROM events e, k
  WHERE e.event_pk IN (SELECT first_event FROM occasions WHERE occ_pk < 1000000)""")
c.execute("""INSERT INTO evidence SELECT k.k * 1000000 + v.evidence_pk, k.k * 1000000 + v.event_pk,
  v.ordinal, v.start, v.end, v.sentence, v.text FROM evidence v, k
  WHERE v.ordinal = 0 AND v.event_pk IN (SELECT first_event FROM occasions WHERE occ_pk < 1000000)""")
c.commit()
c.execute("ANALYZE")
c.commit()
n = c.execute("SELECT count(*) FROM occasions").fetchone()[0]
print("replicated: %d occasions, %d events in %.0f s" % (n, c.execute("SELECT count(*) FROM events").fetchone()[0], time.time() - t))
PY

fi

# 3. Query latency (best of 3 runs of the CLI, process start and output included).
ACTOR=$(python3 -c "import sqlite3;print(sqlite3.connect('$WORK/bench.db').execute('select a.kb_id from occasions o join actors a on a.actor_pk=o.source_pk where a.kb_id is not null group by 1 order by count(*) desc limit 1').fetchone()[0])")
time_cmd() {
  label=$1; shift
  best=
  for i in 1 2 3; do
    s=$(date +%s%N); "$@" > "$WORK/out.txt"; e=$(date +%s%N)
    ms=$(( (e - s) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  printf '%-60s %6d ms  (%d lines)\n' "$label" "$best" "$(wc -l < "$WORK/out.txt")"
}
DB="--db $WORK/bench.db"
time_cmd "query events --actor $ACTOR --since 2021 --until 2021-06" "$CLI" query events $DB --actor "$ACTOR" --since 2021 --until 2021-06 --format csv
time_cmd "query events --type ASSAULT --since 2020 --until 2020-12" "$CLI" query events $DB --type ASSAULT --since 2020 --until 2020-12 --format csv
time_cmd "query events --country IRQ --limit 100" "$CLI" query events $DB --country IRQ --format csv
time_cmd "query events --text 'président' --limit 100 (224k matches)" "$CLI" query events $DB --text "président" --format csv
time_cmd "query events --text 'président' --since 2022-01 --until 2022-01-31" "$CLI" query events $DB --text "président" --since 2022-01 --until 2022-01-31 --format csv
time_cmd "query events --affiliation RUS --since 2020-01 --until 2020-03" "$CLI" query events $DB --affiliation RUS --since 2020-01 --until 2020-03 --limit 0 --format csv
time_cmd "query dyads --actor $ACTOR (monthly series)" "$CLI" query dyads $DB --actor "$ACTOR" --format csv
time_cmd "query dyads (all pairs x months)" "$CLI" query dyads $DB --format csv
time_cmd "query actor $ACTOR --no-kb" "$CLI" query actor "$ACTOR" $DB --no-kb
