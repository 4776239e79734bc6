#!/usr/bin/env bash
# Runs the whole test suite: unit tests, and integration tests against a real Tansu broker that
# this script starts on its own port and stops afterwards.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

# A broker of its own, so a demo broker left running is not disturbed.
export TOCSIN_BROKER_PORT="${TOCSIN_TEST_BROKER_PORT:-29092}" TOCSIN_RUNDIR="$ROOT/.run/test"
"$ROOT/scripts/broker.sh" stop >/dev/null 2>&1 || true
"$ROOT/scripts/broker.sh" start
trap '"$ROOT/scripts/broker.sh" stop' EXIT

log "building"
swift build --build-tests 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true

export TOCSIN_TEST_BOOTSTRAP="127.0.0.1:$TOCSIN_BROKER_PORT"
export TOCSIN_BIN="$(swift build --show-bin-path)/tocsin"
export TOCSIN_TANSU="$TOOLS/bin/tansu"
log "running tests (broker $TOCSIN_TEST_BOOTSTRAP)"
swift test --skip-build "$@"
