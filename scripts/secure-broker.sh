#!/usr/bin/env bash
# Starts and stops the secured local brokers that Tests/IntegrationTests/SecureKafkaTests use.
# Tansu 0.6.0 has SCRAM but no TLS client authentication, so TLS is stunnel in front of Tansu. Kafka
# clients reconnect to the address in the metadata, so each TLS front has a Tansu of its own that
# advertises the stunnel port. Everything is bound to 127.0.0.1 and stopped by PID.
#   secure-broker.sh start DIR BASE_PORT [OWNER_PID] [TOPIC:PARTITIONS ...]
#   secure-broker.sh stop DIR
# start writes into DIR: tls/ (a test CA, server and client certificates, an encrypted copy of the
# client key, a second CA that signed nothing), key-password, and `addresses` (shell assignments).
# Ports, from BASE_PORT (B):
#   B+1  TLS            -> Tansu on B+0
#   B+3  mutual TLS     -> Tansu on B+2; stunnel requires a client certificate from the test CA
#   B+5  TLS            -> Tansu on B+4 with SASL authentication required. It has no users: Tansu
#                          0.6.0 adds SCRAM users only over an authenticated connection and keeps them
#                          in memory, so nothing can log in; it shows how a rejected login looks.
# All Tansu instances keep data in memory. The topics are created on the first two.
# With OWNER_PID, everything is stopped when that process exits (a test run that crashes included).
source "$(dirname "$0")/common.sh"

TANSU="$TOOLS/bin/tansu"

usage() { echo "usage: $0 start DIR BASE_PORT [OWNER_PID] [TOPIC:PARTITIONS ...] | stop DIR" >&2; exit 2; }

wait_for_port() {  # port seconds
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

# Records a background process's PID so `stop` can end exactly it.
remember() { echo "$2" >"$DIR/pids/$1"; }

make_certificates() {
  local tls="$DIR/tls"
  mkdir -p "$tls"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$tls/ca.key" -out "$tls/ca.pem" -days 2 -subj "/CN=Tocsin test CA" 2>/dev/null
  openssl req -x509 "${ec[@]}" -keyout "$tls/other-ca.key" -out "$tls/other-ca.pem" -days 2 -subj "/CN=Unrelated CA" 2>/dev/null
  sign() {  # name subject extensions
    openssl req "${ec[@]}" -keyout "$tls/$1.key" -out "$tls/$1.csr" -subj "$2" 2>/dev/null
    printf '%s\n' "$3" >"$tls/$1.ext"
    openssl x509 -req -in "$tls/$1.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
      -out "$tls/$1.pem" -days 2 -extfile "$tls/$1.ext" 2>/dev/null
  }
  sign server "/CN=localhost" $'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth'
  sign client "/CN=tocsin" "extendedKeyUsage=clientAuth"
  # A random secret, so a test can check that it appears in no output.
  openssl rand -hex 12 >"$DIR/key-password"
  openssl pkey -in "$tls/client.key" -aes256 -passout "file:$DIR/key-password" -out "$tls/client-encrypted.key"
}

start_tansu() {  # name listen-port advertised-port storage [extra args]
  local name=$1 listen=$2 advertised=$3 storage=$4; shift 4
  "$TANSU" broker --listener-url "tcp://127.0.0.1:$listen" --advertised-listener-url "tcp://127.0.0.1:$advertised" \
    --storage-engine "$storage" "$@" >>"$DIR/logs/$name.log" 2>&1 &
  remember "$name" $!
  wait_for_port "$listen" 30 || die "Tansu $name did not listen on 127.0.0.1:$listen; see $DIR/logs/$name.log"
}

# Running, not merely an unreaped zombie (orphans wait for init to reap them).
running() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" | cut -c1)" != Z ]; }

stop_one() {  # name seconds
  local file="$DIR/pids/$1" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if running "$pid"; then
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + $2))
    while running "$pid"; do
      [ $SECONDS -ge $deadline ] && { kill -9 "$pid" 2>/dev/null || true; break; }
      sleep 0.2
    done
  fi
  rm -f "$file"
}

create_topics() {  # port
  local spec
  for spec in "${TOPICS[@]}"; do
    "$TANSU" topic create "${spec%%:*}" --partitions "${spec#*:}" --broker "tcp://127.0.0.1:$1" >/dev/null \
      || die "could not create topic ${spec%%:*} on 127.0.0.1:$1"
  done
}

start_stunnel() {
  local b=$1 tls="$DIR/tls"
  cat >"$DIR/stunnel.conf" <<EOF
foreground = yes
pid =
output = $DIR/logs/stunnel.log
debug = 5
cert = $tls/server.pem
key = $tls/server.key

[tls]
accept = 127.0.0.1:$((b + 1))
connect = 127.0.0.1:$b

[mutual-tls]
accept = 127.0.0.1:$((b + 3))
connect = 127.0.0.1:$((b + 2))
CAfile = $tls/ca.pem
requireCert = yes
verifyChain = yes

[sasl-ssl]
accept = 127.0.0.1:$((b + 5))
connect = 127.0.0.1:$((b + 4))
EOF
  stunnel "$DIR/stunnel.conf" >>"$DIR/logs/stunnel.log" 2>&1 &
  remember stunnel $!
  local port
  for port in $((b + 1)) $((b + 3)) $((b + 5)); do
    wait_for_port "$port" 20 || die "stunnel did not listen on 127.0.0.1:$port; see $DIR/logs/stunnel.log"
  done
}

start() {
  [ -x "$TANSU" ] || die "tansu is not installed: run scripts/setup.sh first"
  command -v stunnel >/dev/null || die "stunnel is not installed: run scripts/setup.sh first"
  local b=$BASE port
  for port in $b $((b + 1)) $((b + 2)) $((b + 3)) $((b + 4)) $((b + 5)); do
    # Something still listening (e.g. brokers of a run that is stopping) would answer in our place.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "port $port is in use; stop what listens there or pick another BASE_PORT (TOCSIN_SECURE_BASE_PORT for the tests)"
    fi
  done
  mkdir -p "$DIR/pids" "$DIR/logs"
  make_certificates
  start_tansu tls "$b" "$((b + 1))" memory://tansu/
  start_tansu mutual-tls "$((b + 2))" "$((b + 3))" memory://tansu/
  start_tansu sasl "$((b + 4))" "$((b + 5))" memory://tansu/ --authentication
  create_topics "$b"
  create_topics "$((b + 2))"
  start_stunnel "$b"
  cat >"$DIR/addresses" <<EOF
TLS_BOOTSTRAP=127.0.0.1:$((b + 1))
MUTUAL_TLS_BOOTSTRAP=127.0.0.1:$((b + 3))
SASL_SSL_BOOTSTRAP=127.0.0.1:$((b + 5))
EOF
  if [ -n "$OWNER" ]; then
    # Stops everything once the owner is gone; `stop` ends this watcher too.
    (while kill -0 "$OWNER" 2>/dev/null; do sleep 1; done; "$ROOT/scripts/secure-broker.sh" stop "$DIR") \
      </dev/null >>"$DIR/logs/watcher.log" 2>&1 &
    remember watcher $!
  fi
  log "secure brokers up: TLS 127.0.0.1:$((b + 1)), mutual TLS 127.0.0.1:$((b + 3)), SASL_SSL 127.0.0.1:$((b + 5))"
}

stop() {
  [ -d "$DIR/pids" ] || return 0
  local name
  for name in stunnel tls mutual-tls sasl; do stop_one "$name" 10; done
  # The watcher runs this very command when its owner exits: do not kill our own parent.
  if [ -f "$DIR/pids/watcher" ] && [ "$(cat "$DIR/pids/watcher")" != "$PPID" ]; then stop_one watcher 2; fi
  rm -f "$DIR/pids/watcher"
}

case "${1:-}" in
  start)
    [ $# -ge 3 ] || usage
    DIR=$2 BASE=$3 OWNER=${4:-}
    TOPICS=("${@:5}")
    mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
    # A start that fails half-way leaves nothing running.
    trap 'rc=$?; [ $rc = 0 ] || stop; exit $rc' EXIT
    start
    ;;
  stop) [ $# -eq 2 ] || usage; DIR=$2; stop ;;
  *) usage ;;
esac
