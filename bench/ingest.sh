#!/usr/bin/env bash
# Ingestion benchmark: documents submitted through the API end to end over a real broker, with a stand-in AI
# module echoing a fixed extraction (20 entities, 30 relationships) and a broker restart in the middle.
#
#   bench/ingest.sh                  DOCS=3000 documents at CONCURRENCY=16 → bench/out/ingest.md
#
# What it does: starts a private RabbitMQ node from the machine's rabbitmq-server package (as the rabbitmq user
# when root, on free loopback ports, in /tmp/backend-bench-rmq.*); runs `bench/run.sh serve` (published service +
# throwaway PostgreSQL, small seed) with RABBITMQ_URL pointing at it; runs bench/ingest (IngestBench) against it,
# which restarts the broker (rabbitmqctl stop_app / start_app) when half of the documents are in. Everything it
# started is stopped and removed on exit.
# Environment: DOCS=3000 CONCURRENCY=16 RABBITMQ_PREFETCH=64 SEED_ENTITIES=1000 SEED_RELATIONSHIPS=1000,
# BENCH_SKIP_BUILD=1 (reuse bench/out/app), BROKER_RESTART=0 (no restart).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"
log() { printf '[ingest-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || die "rabbitmq-server is required (apt-get install -y rabbitmq-server)"

RMQ_DIR=$(mktemp -d /tmp/backend-bench-rmq.XXXXXX)
chmod 755 "$RMQ_DIR"
AMQP_PORT=$(free_port) DIST_PORT=$(free_port) EPMD_PORT=$(free_port)
NODE="benchrmq$(basename "$RMQ_DIR" | tr -cd 'a-zA-Z0-9')@localhost"
mkdir -p "$RMQ_DIR"/{mnesia,log,home}
printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' "$AMQP_PORT" >"$RMQ_DIR/rabbitmq.conf"
echo '[].' >"$RMQ_DIR/enabled_plugins"
RUN=()
if [[ $EUID -eq 0 ]]; then chown -R rabbitmq:rabbitmq "$RMQ_DIR"; RUN=(runuser -u rabbitmq --); fi
RMQ_ENV=(env HOME="$RMQ_DIR/home" RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia" RABBITMQ_LOG_BASE="$RMQ_DIR/log"
  RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  RABBITMQ_PID_FILE="$RMQ_DIR/rabbitmq.pid" RABBITMQ_NODENAME="$NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT" ERL_EPMD_PORT="$EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1)
CTL="${RUN[*]} ${RMQ_ENV[*]} /usr/lib/rabbitmq/bin/rabbitmqctl -n $NODE"

EPMD_PID="" SERVER_PID="" SERVE_PID=""
cleanup() {
  trap - EXIT INT TERM
  [[ -n $SERVE_PID ]] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null || true
  [[ -f $RMQ_DIR/rabbitmq.pid ]] && kill -9 "$(cat "$RMQ_DIR/rabbitmq.pid")" 2>/dev/null || true
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -n $EPMD_PID ]] && { pkill -9 -P "$EPMD_PID" 2>/dev/null; kill -9 "$EPMD_PID" 2>/dev/null; } || true
  rm -rf "$RMQ_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting RabbitMQ node $NODE on 127.0.0.1:$AMQP_PORT"
"${RUN[@]}" epmd -address 127.0.0.1 -port "$EPMD_PORT" >"$RMQ_DIR/epmd.log" 2>&1 &
EPMD_PID=$!
sleep 0.5
"${RUN[@]}" "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server >"$RMQ_DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$AMQP_PORT") 2>/dev/null && break; sleep 0.5; done
$CTL await_startup >/dev/null || die "RabbitMQ did not start: $(tail -n 20 "$RMQ_DIR/server.log")"

AMQP_URL="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
rm -f "$OUT/serve.env"
log "starting the service (bench/run.sh serve) with RABBITMQ_URL=$AMQP_URL"
BENCH_SERVICE_ENV="RABBITMQ_URL=$AMQP_URL RABBITMQ_PREFETCH=${RABBITMQ_PREFETCH:-64} OUTBOX_POLL_INTERVAL=100ms ${BENCH_SERVICE_ENV:-}" \
  SEED_ENTITIES=${SEED_ENTITIES:-1000} SEED_RELATIONSHIPS=${SEED_RELATIONSHIPS:-1000} \
  "$BENCH_DIR/run.sh" serve >"$OUT/ingest-serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 1200); do [[ -f $OUT/serve.env ]] && break; kill -0 "$SERVE_PID" 2>/dev/null || die "bench/run.sh serve failed: $(tail -n 20 "$OUT/ingest-serve.log")"; sleep 0.5; done
[[ -f $OUT/serve.env ]] || die "the service did not come up"
# shellcheck disable=SC1091
source "$OUT/serve.env"

RESTART_CMD="$CTL stop_app >/dev/null && sleep 5 && $CTL start_app >/dev/null"
[[ ${BROKER_RESTART:-1} == 0 ]] && RESTART_CMD=""
log "running IngestBench: DOCS=${DOCS:-3000} CONCURRENCY=${CONCURRENCY:-16}"
dotnet build "$BENCH_DIR/ingest/IngestBench.csproj" -c Release -v q -nologo >/dev/null
API="$API" TOKEN="$TOKEN" AMQP_URL="$AMQP_URL" DOCS=${DOCS:-3000} CONCURRENCY=${CONCURRENCY:-16} BROKER_RESTART_CMD="$RESTART_CMD" \
  dotnet "$BENCH_DIR/ingest/bin/Release/net10.0/IngestBench.dll" | tee "$OUT/ingest.md"
