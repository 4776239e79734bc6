#!/usr/bin/env bash
# Starts, stops and reports the local Tansu broker on 127.0.0.1, and creates topics.
#   broker.sh start [--durable]   in memory by default; --durable stores data in SeaweedFS (S3)
#   broker.sh stop | status
#   broker.sh topics [NAME[:PARTITIONS] ...]   default: the daemon's topics (DEFAULT_TOPICS)
source "$(dirname "$0")/common.sh"

TANSU="$TOOLS/bin/tansu"
WEED="$TOOLS/bin/weed"
mkdir -p "$RUNDIR"

# The topics of the shipped config: input, alerts, dead letters, and the internal region-signal
# topic (more partitions: it is the region stage's unit of scale-out). `start` creates them.
DEFAULT_TOPICS="news:3 alerts:3 news.dlq:1 tocsin.signals:6"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for_port() {  # host port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

start_weed() {
  alive "$RUNDIR/weed.pid" && return
  mkdir -p "$RUNDIR/weed-data"
  log "starting SeaweedFS S3 on 127.0.0.1:$S3_PORT"
  "$WEED" mini -dir="$RUNDIR/weed-data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -s3.port="$S3_PORT" \
    -master.telemetry=false -admin.ui=false -webdav=false -s3.port.iceberg=0 -s3.port.lance=0 \
    -bucket=tansu >"$RUNDIR/weed.log" 2>&1 &
  echo $! >"$RUNDIR/weed.pid"
  local deadline=$((SECONDS + 60))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$S3_PORT/tansu/")" = 200 ]; do
    alive "$RUNDIR/weed.pid" || die "SeaweedFS exited; see $RUNDIR/weed.log"
    [ $SECONDS -ge $deadline ] && die "SeaweedFS did not answer within 60 s; see $RUNDIR/weed.log"
    sleep 0.5
  done
}

start() {
  [ -x "$TANSU" ] || die "tansu is not installed: run scripts/setup.sh first"
  if alive "$RUNDIR/tansu.pid"; then log "broker already running on $BOOTSTRAP ($(cat "$RUNDIR/mode"))"; return; fi
  local mode=memory storage=memory://tansu/
  if [ "${1:-}" = --durable ]; then
    mode=durable storage=s3://tansu/
    start_weed
    export AWS_ACCESS_KEY_ID=tansu AWS_SECRET_ACCESS_KEY=tansu AWS_DEFAULT_REGION=us-east-1 \
      AWS_ENDPOINT="http://127.0.0.1:$S3_PORT" AWS_ALLOW_HTTP=true
  fi
  log "starting Tansu ($mode) on $BOOTSTRAP"
  "$TANSU" broker --listener-url "tcp://$BOOTSTRAP" --advertised-listener-url "tcp://$BOOTSTRAP" \
    --storage-engine "$storage" >"$RUNDIR/tansu.log" 2>&1 &
  echo $! >"$RUNDIR/tansu.pid"
  echo "$mode" >"$RUNDIR/mode"
  wait_for_port 127.0.0.1 "$BROKER_PORT" 30 || die "Tansu did not listen on $BOOTSTRAP within 30 s; see $RUNDIR/tansu.log"
  # shellcheck disable=SC2086
  topics $DEFAULT_TOPICS
}

stop_pid() {  # pidfile name seconds
  alive "$1" || { rm -f "$1"; return; }
  local pid; pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + $3))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && { kill -9 "$pid" 2>/dev/null || true; break; }
    sleep 0.2
  done
  rm -f "$1"
  log "stopped $2"
}

stop() {
  stop_pid "$RUNDIR/tansu.pid" Tansu 10
  stop_pid "$RUNDIR/weed.pid" SeaweedFS 20   # weed needs 6-12 s; wait so a restart can reuse its dir
  rm -f "$RUNDIR/mode"
}

# Tansu prints the topic list as JSON; keep only the names.
topic_names() {
  "$TANSU" topic list --broker "tcp://$BOOTSTRAP" 2>/dev/null \
    | python3 -c 'import json,sys; print("\n".join(sorted(t["name"] for t in json.load(sys.stdin))))'
}

status() {
  if alive "$RUNDIR/tansu.pid"; then
    echo "broker: running on $BOOTSTRAP ($(cat "$RUNDIR/mode" 2>/dev/null || echo unknown) mode, pid $(cat "$RUNDIR/tansu.pid"))"
    topic_names | sed 's/^/  topic: /' || true
  else
    echo "broker: stopped"; return 1
  fi
}

topics() {
  local existing spec name parts
  # shellcheck disable=SC2086
  [ $# -gt 0 ] || set -- $DEFAULT_TOPICS
  existing=$(topic_names || true)
  for spec in "$@"; do
    name=${spec%%:*}; parts=${spec#*:}; [ "$parts" = "$spec" ] && parts=3
    grep -qx "$name" <<<"$existing" && continue
    "$TANSU" topic create "$name" --partitions "$parts" --broker "tcp://$BOOTSTRAP" >/dev/null \
      || die "could not create topic $name"
    log "created topic $name ($parts partitions)"
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  topics) shift; topics "$@" ;;
  *) echo "usage: $0 start [--durable] | stop | status | topics [NAME[:PARTITIONS] ...]" >&2; exit 2 ;;
esac
