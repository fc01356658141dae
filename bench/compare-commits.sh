#!/usr/bin/env bash
# compare-commits.sh OLD_REF NEW_REF SCENARIO [run options...] [-- compare options...]
#
# Builds two commits of this repository side by side (a local clone each, detached at the commit:
# not `git worktree`, whose linked checkouts the build's commit recorder misreads as the main
# checkout's HEAD, git-commit-id-maven-plugin issue 882), runs the
# same scenario file as a set of runs with each build, and compares the two sets with the newer
# build's `crucible-sim compare`. The scenario file is taken from the checkout you run this in, so
# both commits run exactly the same file. Both commits must have sets of runs (run --seeds/--repeat).
#
#   bench/compare-commits.sh HEAD~3 HEAD scenarios/healthy.yaml --ios 20000 --seeds 1..8
#   bench/compare-commits.sh v1 v2 scenarios/reference.yaml -- --fail-on 'perfgw.*.p99>10%' --format md
#
# Run options go to both `run`s. Without --seeds or --repeat among them, a virtual-time scenario
# (clock: virtual in the file, or --clock virtual) runs --seeds 1..8, a real-time one --repeat 5.
# Compare options go to `compare`; its exit code is this script's (0 no regression, 1 the gate
# tripped, 2 bad input). The clones and their builds live in a temporary directory, removed at
# the end unless KEEP=1; the two sets stay in OUT (default results/compare/<UTC>), printed at the end.
#
# Environment: MVN (default mvn), MVN_FLAGS (default -B -q), JAVA (default java), KEEP, OUT.
set -euo pipefail

usage() {
    sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 3 ] || usage
old_ref=$1
new_ref=$2
scenario=$3
shift 3

run_options=()
compare_options=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
        shift
        compare_options=("$@")
        break
    fi
    run_options+=("$1")
    shift
done

repo=$(git rev-parse --show-toplevel 2>/dev/null) || { echo "compare-commits: not inside a git repository" >&2; exit 2; }
[ -f "$scenario" ] || { echo "compare-commits: scenario file '$scenario' does not exist" >&2; exit 2; }
scenario=$(cd "$(dirname "$scenario")" && pwd)/$(basename "$scenario")

resolve() {
    git -C "$repo" rev-parse --verify --quiet "$1^{commit}" || {
        echo "compare-commits: '$1' is not a commit of $repo" >&2
        exit 2
    }
}
old_sha=$(resolve "$old_ref")
new_sha=$(resolve "$new_ref")

has_set_option=0
virtual=0
for option in "${run_options[@]+"${run_options[@]}"}"; do
    case $option in
        --seeds|--seeds=*|--repeat|--repeat=*) has_set_option=1 ;;
    esac
done
for ((i = 0; i < ${#run_options[@]}; i++)); do
    if [ "${run_options[$i]}" = "--clock" ] && [ "${run_options[$((i + 1))]:-}" = "virtual" ]; then
        virtual=1
    elif [ "${run_options[$i]}" = "--clock=virtual" ]; then
        virtual=1
    fi
done
if grep -Eq '^clock:[[:space:]]*virtual' "$scenario"; then
    virtual=1
fi
if [ $has_set_option -eq 0 ]; then
    if [ $virtual -eq 1 ]; then
        run_options+=(--seeds 1..8)
    else
        run_options+=(--repeat 5)
    fi
fi

MVN=${MVN:-mvn}
MVN_FLAGS=${MVN_FLAGS:--B -q}
JAVA=${JAVA:-java}
out=${OUT:-$repo/results/compare/$(date -u +%Y%m%dT%H%M%SZ)}
work=$(mktemp -d "${TMPDIR:-/tmp}/compare-commits.XXXXXX")

cleanup() {
    if [ "${KEEP:-0}" != "1" ]; then
        rm -rf "$work"
    fi
}
trap cleanup EXIT

mkdir -p "$out"
for side in old new; do
    if [ $side = old ]; then sha=$old_sha; else sha=$new_sha; fi
    echo "compare-commits: building $side ${sha:0:7} in $work/$side" >&2
    git clone --quiet --no-checkout "$repo" "$work/$side"
    git -C "$work/$side" checkout --quiet --detach "$sha"
    # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
    (cd "$work/$side" && $MVN $MVN_FLAGS package -DskipTests) >&2
    echo "compare-commits: running $(basename "$scenario") with $side ${sha:0:7} ${run_options[*]}" >&2
    mkdir -p "$out/$side"
    status=0
    "$JAVA" -jar "$work/$side/bench/target/crucible-sim.jar" run "$scenario" "${run_options[@]}" \
        --out "$out/$side" >/dev/null || status=$?
    if [ $status -ne 0 ] && [ $status -ne 1 ]; then
        echo "compare-commits: the $side run exited $status" >&2
        exit $status
    fi
done

set_of() {
    local found
    found=$(find "$1" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)
    [ -n "$found" ] || { echo "compare-commits: no set in $1" >&2; exit 2; }
    echo "$found"
}
old_set=$(set_of "$out/old")
new_set=$(set_of "$out/new")
echo "compare-commits: comparing $old_set with $new_set" >&2
status=0
"$JAVA" -jar "$work/new/bench/target/crucible-sim.jar" compare "$old_set" "$new_set" \
    "${compare_options[@]+"${compare_options[@]}"}" || status=$?
echo "compare-commits: the sets are in $out" >&2
exit $status
