#!/usr/bin/env bash
# The main job on the local embedded default: install what is missing, start the local broker,
# create the topics, start the daemon, feed the sample news, and show the alerts.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
log "building tocsin"
swift build -c release --product tocsin 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
BIN="$(swift build -c release --show-bin-path)/tocsin"
[ -x "$BIN" ] || die "the build did not produce $BIN"

"$ROOT/scripts/broker.sh" start
"$ROOT/scripts/broker.sh" topics news:3 alerts:3 news.dlq:1 tocsin.signals:6

DAEMON_OUT="$RUNDIR/daemon.out" DAEMON_LOG="$RUNDIR/daemon.log"
log "starting the daemon (stdout: $DAEMON_OUT, logs: $DAEMON_LOG)"
"$BIN" run --config Config/tocsin.yaml --bootstrap "$BOOTSTRAP" --colour always >"$DAEMON_OUT" 2>"$DAEMON_LOG" &
DAEMON=$!
trap 'kill -TERM $DAEMON 2>/dev/null || true' EXIT

log "feeding samples/news.jsonl (61 items: the seed article and 60 labelled dev items)"
"$BIN" produce --config Config/tocsin.yaml --bootstrap "$BOOTSTRAP" samples/news.jsonl

log "alerts as the daemon printed them:"
deadline=$((SECONDS + 60)); last=-1
while [ $SECONDS -lt $deadline ]; do  # wait until the daemon's output settles
  n=$(wc -l <"$DAEMON_OUT"); [ "$n" -gt 0 ] && [ "$n" = "$last" ] && break; last=$n; sleep 2
done
cat "$DAEMON_OUT"

log "stopping the daemon with SIGTERM (drain, flush, commit)"
kill -TERM $DAEMON; wait $DAEMON && log "daemon exited 0" || log "daemon exited $?; see $DAEMON_LOG"
trap - EXIT

log "the alerts topic, as 'tocsin tail' shows it:"
"$BIN" tail --config Config/tocsin.yaml --bootstrap "$BOOTSTRAP" --from-beginning --colour always --idle-timeout 8

log "done. The broker is still running on $BOOTSTRAP: 'scripts/broker.sh stop' stops it."
