#!/usr/bin/env bash
# The end-to-end benchmark: 100,000 generated items through the daemon's pipeline and through a
# bare consume-and-forward loop, side by side, on the local broker. Extra arguments go to tocsin-bench.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
swift build -c release --product tocsin-bench 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
"$ROOT/scripts/broker.sh" start
"$(swift build -c release --show-bin-path)/tocsin-bench" --bootstrap "$BOOTSTRAP" --tansu "$TOOLS/bin/tansu" "$@"
