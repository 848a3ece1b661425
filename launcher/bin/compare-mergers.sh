#!/usr/bin/env bash
# Measures `./procwatch compile` against the two reference OCDS mergers on the same input, whole process, in one
# run, and checks that all three write the same compiled releases (docs/benchmarks.md, "compile").
#
#   launcher/bin/compare-mergers.sh --rscompile BINARY --ocdsmerge-src DIR [--releases N] [--runs K] [--work DIR]
#
# The reference mergers are not built here: build ocds-merge-rs's command-line compiler and lay out ocdsmerge's
# source as the workspace's shared/tools/reference-mergers/README.md says, and give their places. The input is
# `./procwatch generate` (real-shaped UK releases, 4 per process, seed 1); the schema is procwatch's bundled OCDS 1.1.5
# release schema, which all three merge by.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

releases=100000 runs=3 work="" rscompile="" ocdsmerge=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --rscompile) rscompile=$2; shift 2 ;;
        --ocdsmerge-src) ocdsmerge=$2; shift 2 ;;
        --releases) releases=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        *) echo "unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
done
[[ -x $rscompile ]] || { echo "--rscompile must name ocds-merge-rs's built compiler (shared/tools/reference-mergers/README.md)" >&2; exit 2; }
[[ -d $ocdsmerge/ocdsmerge ]] || { echo "--ocdsmerge-src must name a folder holding ocdsmerge/, jsonref.py and proxytypes.py" >&2; exit 2; }
# ocdsmerge's runner (JSON Lines in, one compiled release per ocid out) is the workspace's, beside its build notes.
pyrunner=${REFERENCE_MERGERS:-../shared/tools/reference-mergers}/ref_compile.py
[[ -f $pyrunner ]] || { echo "set REFERENCE_MERGERS to the folder holding ref_compile.py (shared/tools/reference-mergers)" >&2; exit 2; }

work=${work:-$(mktemp -d)}
mkdir -p "$work"
schema=enrich/src/main/resources/org/procwatch/enrich/ocds/release-schema-1.1.5.json
input=$work/releases.jsonl
if [[ ! -s $input ]]; then
    echo "Generating $releases releases in $input ..."
    ./procwatch generate --releases "$releases" --per-process 4 --seed 1 > "$input"
fi
echo "Input: $(wc -l < "$input") releases, $(du -m "$input" | cut -f1) MB; schema $schema"

measure() { # name, output file, command...
    local name=$1 out=$2; shift 2
    for run in $(seq 1 "$runs"); do
        /usr/bin/time -f "$name run $run: %e s wall, %U s user, %S s system, %M KB max RSS" "$@" < "$input" > "$out" 2>> "$work/$name.stderr" \
            || { echo "$name failed (see $work/$name.stderr)" >&2; exit 1; }
        tail -1 "$work/$name.stderr"
    done
}
# procwatch builds itself when its sources changed, and makes its class archive at the first start after a build:
# a small compile first, so that neither is timed.
head -n 400 "$input" > "$work/warm-up.jsonl"
./procwatch compile "$work/warm-up.jsonl" > /dev/null
measure ocds-merge-rs "$work/rs.jsonl" "$rscompile" "$schema"
measure ocdsmerge "$work/py.jsonl" env OCDSMERGE_SRC="$ocdsmerge" python3 "$pyrunner" "$schema"
measure procwatch "$work/pw.jsonl" ./procwatch compile "$input"

# The same compiled release per ocid from all three: fields in any order, every number's literal as written.
python3 - "$work/rs.jsonl" "$work/py.jsonl" "$work/pw.jsonl" <<'PY'
import json, sys
def load(path):
    by = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                release = json.loads(line, parse_float=lambda text: ("float", text), parse_int=lambda text: ("int", text))
                by[release["ocid"]] = json.dumps(release, sort_keys=True)
    return by
rs, py, pw = (load(path) for path in sys.argv[1:])
for name, other in (("ocds-merge-rs", rs), ("ocdsmerge", py)):
    differing = [ocid for ocid in pw if other.get(ocid) != pw[ocid]]
    missing = set(other) - set(pw)
    print(f"procwatch vs {name}: {len(pw)} processes, {len(differing)} differ, {len(missing)} missing from procwatch"
          + (f" (first: {differing[0]})" if differing else ""))
PY
echo "Outputs and timings in $work"
