#!/usr/bin/env bash
# Speed against the SimPy peer (../shared/peer-simpy/): the same scenario, scenarios/peer-simpy.yaml,
# run by crucible-sim and by the peer, alternately, whole process against whole process.
#
#   bench/peer-compare.sh [--runs N] [--ios N] [--peer DIR] [--jar FILE] [--no-cds]
#
# Each round runs, in this order: crucible-sim as shipped (all five reports, verify on, interval
# log on), the peer, and crucible-sim with reports [] and verify off. crucible-sim runs through
# its launcher, bin/crucible-sim (--no-cds: without its class-data archive, as `java -jar`). A
# rate is IOs over the process's wall time (JVM or interpreter start-up included). The medians
# and their ratios to the peer's median are printed last. Needs the jar (mvn -B -q package
# -DskipTests) and the peer's interpreter, Debian's /usr/bin/python3 with python3-simpy3.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
ios=220000
peer_dir="../shared/peer-simpy"
jar="bench/target/crucible-sim.jar"
cds=on
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --ios) ios="$2"; shift 2 ;;
        --peer) peer_dir="$2"; shift 2 ;;
        --jar) jar="$2"; shift 2 ;;
        --no-cds) cds=off; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "peer-compare.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done
case "$runs$ios" in *[!0-9]*) echo "peer-compare.sh: --runs and --ios take whole numbers" >&2; exit 2 ;; esac
[ "$runs" -ge 1 ] && [ "$ios" -ge 1 ] || { echo "peer-compare.sh: --runs and --ios must be at least 1" >&2; exit 2; }
[ -f "$jar" ] || { echo "peer-compare.sh: no $jar; build it with: mvn -B -q package -DskipTests" >&2; exit 2; }
[ -f "$peer_dir/pipeline.py" ] || { echo "peer-compare.sh: no $peer_dir/pipeline.py; give --peer DIR" >&2; exit 2; }
/usr/bin/python3 -c 'import simpy' 2> /dev/null \
    || { echo "peer-compare.sh: /usr/bin/python3 lacks simpy: apt-get install -y python3-simpy3" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints the wall seconds of one run of the command, which must succeed.
wall() {
    local start end
    start=$(date +%s.%N)
    if ! "$@" > "$work/out" 2> "$work/err"; then
        echo "peer-compare.sh: failed: $*" >&2
        tail -5 "$work/err" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }'
}

ours() {
    CRUCIBLE_SIM_JAR="$jar" CRUCIBLE_SIM_CDS="$cds" bin/crucible-sim run scenarios/peer-simpy.yaml --ios "$ios" \
        --out "$work/runs" "$@"
}

peer() {
    /usr/bin/python3 "$peer_dir/pipeline.py" --qd 32 --n "$ios" --seed 1 \
        --mix read=0.45,write=0.45,flush=0.1 --service exp:0.001
}

: > "$work/shipped"; : > "$work/peer"; : > "$work/bare"
# Untimed: the launcher makes its class-data archive on the first run after a build.
CRUCIBLE_SIM_JAR="$jar" CRUCIBLE_SIM_CDS="$cds" bin/crucible-sim --version > /dev/null 2>&1 \
    || { echo "peer-compare.sh: crucible-sim does not start; try: bin/crucible-sim --version" >&2; exit 1; }
printf '%-6s %-34s %10s %16s\n' round configuration "wall s" "IOs per wall s"
for round in $(seq 1 "$runs"); do
    s=$(wall ours); echo "$s" >> "$work/shipped"
    printf '%-6s %-34s %10s %16.0f\n' "$round" "crucible-sim as shipped" "$s" "$(echo "$ios $s" | awk '{ print $1 / $2 }')"
    s=$(wall peer); echo "$s" >> "$work/peer"
    printf '%-6s %-34s %10s %16.0f\n' "$round" "SimPy peer" "$s" "$(echo "$ios $s" | awk '{ print $1 / $2 }')"
    s=$(wall ours --set 'reports=[]' --no-verify); echo "$s" >> "$work/bare"
    printf '%-6s %-34s %10s %16.0f\n' "$round" "crucible-sim, reports [], no verify" "$s" "$(echo "$ios $s" | awk '{ print $1 / $2 }')"
done

median() {
    sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
peer_s=$(median "$work/peer")
echo
printf '%-34s %10s %16s %8s\n' "median of $runs" "wall s" "IOs per wall s" "x peer"
for config in shipped peer bare; do
    s=$(median "$work/$config")
    case "$config" in
        shipped) label="crucible-sim as shipped" ;;
        peer) label="SimPy peer" ;;
        bare) label="crucible-sim, reports [], no verify" ;;
    esac
    printf '%-34s %10.3f %16.0f %8.2f\n' "$label" "$s" "$(echo "$ios $s" | awk '{ print $1 / $2 }')" \
        "$(echo "$peer_s $s" | awk '{ print $1 / $2 }')"
done
