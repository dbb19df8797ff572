#!/usr/bin/env bash
# Backend benchmark harness: one command from a clean clone.
#
#   bench/run.sh                     every scenario, then the results table (bench/out/results.md)
#   bench/run.sh get list neighbors  only the named scenarios (pgbench always runs: it is the ratio's base)
#   bench/run.sh soak                mixed traffic for SOAK_DURATION, RSS every 30 s (bench/out/soak.md)
#   bench/run.sh serve               build, start, seed, then keep the service up for profiling until Ctrl-C
#                                    (bench/out/serve.env has API, TOKEN, DB_URL and SERVICE_PID)
#
# Scenarios: health get list create batch neighbors login refresh live.
# What it does: publishes Backend.Api in Release to bench/out/app; starts a throwaway PostgreSQL cluster
# (unless DATABASE_URL is set) and the published service against it; registers bench users; seeds
# SEED_ENTITIES entities and SEED_RELATIONSHIPS relationships in SQL; runs pgbench on the get-by-id query
# as the database's ceiling; runs each scenario with wrk after a warm-up while sampling the service's RSS;
# prints a markdown table. Everything it started is stopped and removed on exit, also on failure or Ctrl-C.
#
# Environment (all optional):
#   SEED_ENTITIES=100000 SEED_RELATIONSHIPS=500000   dataset size (e.g. 1000000 / 5000000)
#   BENCH_DURATION=15  BENCH_WARMUP=5                seconds per scenario run / warm-up
#   BENCH_CONNECTIONS=32  BENCH_LOGIN_CONNECTIONS=16 wrk connections; BENCH_THREADS=2 wrk threads
#   SOAK_DURATION=300                                soak length in seconds
#   BENCH_DB_POOL_SIZE=16  BENCH_DB_MAX_OVERFLOW=16  the service's DB_POOL_SIZE / DB_MAX_OVERFLOW
#   BENCH_SKIP_BUILD=1                               reuse bench/out/app
#   DATABASE_URL=postgresql://user:pass@host:port/db use that server instead (URI form: psql and pgbench
#       read it too). It must be a disposable database: the bench seeds into it and leaves the rows; it
#       refuses to seed a database that already holds entities unless BENCH_REUSE_DATA=1 (then no seeding).
#   PG_BIN                                            PostgreSQL binaries (default: newest /usr/lib/postgresql/*/bin)
#   BENCH_NPGSQL_OPTIONS='No Reset On Close=true'     extra Npgsql keywords for the service's connection string
#                                                     (temporary cluster only; for experiments)
#   BENCH_SERVICE_ENV='DOTNET_gcServer=0 …'           extra environment for the service (for experiments)
#   BENCH_LIVE_SUBSCRIBERS=1000  BENCH_LIVE_WS_SHARE=0.5  live: streams open during the create run, WebSocket share
#   BENCH_LIVE_PROBE_RATE=10                          live: the subscriber tool's own timed creates per second
# Needs: .NET SDK, PostgreSQL server binaries, wrk, curl (wrk is apt-installed when missing and run as root).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
OUT="$BENCH_DIR/out"
APP_DIR="$OUT/app"

SEED_ENTITIES=${SEED_ENTITIES:-100000}
SEED_RELATIONSHIPS=${SEED_RELATIONSHIPS:-500000}
BENCH_DURATION=${BENCH_DURATION:-15}
BENCH_WARMUP=${BENCH_WARMUP:-5}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_LOGIN_CONNECTIONS=${BENCH_LOGIN_CONNECTIONS:-16}
BENCH_THREADS=${BENCH_THREADS:-2}
SOAK_DURATION=${SOAK_DURATION:-300}
BENCH_DB_POOL_SIZE=${BENCH_DB_POOL_SIZE:-16}
BENCH_DB_MAX_OVERFLOW=${BENCH_DB_MAX_OVERFLOW:-16}
BENCH_LOGIN_USERS=${BENCH_LOGIN_USERS:-8}
BENCH_LIVE_SUBSCRIBERS=${BENCH_LIVE_SUBSCRIBERS:-1000}
BENCH_LIVE_WS_SHARE=${BENCH_LIVE_WS_SHARE:-0.5}
BENCH_LIVE_PROBE_RATE=${BENCH_LIVE_PROBE_RATE:-10}
ENTITY_TYPES="person,organization,location,event,concept,product,document,technology,topic,project"
ALL_SCENARIOS=(health get list create batch neighbors login refresh live)

MODE=bench
SCENARIOS=()
for arg in "$@"; do
  case "$arg" in
    soak) MODE=soak ;;
    serve) MODE=serve ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    health | get | list | create | batch | neighbors | login | refresh | live) SCENARIOS+=("$arg") ;;
    *) echo "unknown argument '$arg' (scenarios: ${ALL_SCENARIOS[*]}, or soak)" >&2; exit 2 ;;
  esac
done
if [[ ${#SCENARIOS[@]} -eq 0 ]]; then SCENARIOS=("${ALL_SCENARIOS[@]}"); fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------- cleanup
SERVICE_PID=""
PG_DIR=""
PG_CTL=""
BG_PIDS=()
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "stopping the service (pid $SERVICE_PID)"
    kill -TERM "$SERVICE_PID"
    for _ in $(seq 1 50); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVICE_PID" 2>/dev/null
    wait "$SERVICE_PID" 2>/dev/null
  fi
  if [[ -n $PG_DIR && -d $PG_DIR ]]; then
    if [[ -f $PG_DIR/data/postmaster.pid ]]; then
      log "stopping PostgreSQL"
      as_postgres "$PG_CTL" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
    fi
    cp "$PG_DIR/postgres.log" "$OUT/postgres.log" 2>/dev/null
    rm -rf "$PG_DIR"
  fi
  if [[ $rc -ne 0 ]]; then log "failed (exit $rc); logs: $OUT/service.log $OUT/postgres.log"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_postgres() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free TCP port found"
}

# Arithmetic on decimals (bash has integers only): calc '<awk expression>'.
calc() { awk "BEGIN { printf \"%s\", $1 }"; }

# ---------------------------------------------------------------------------------------------- prerequisites
command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || die "wrk is required (apt-get install -y wrk)"
fi
if [[ -z ${PG_BIN:-} ]]; then
  PG_BIN=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [[ -z $PG_BIN ]] && command -v pg_config >/dev/null; then PG_BIN=$(pg_config --bindir); fi
fi
[[ -n ${PG_BIN:-} && -x $PG_BIN/pgbench && -x $PG_BIN/psql ]] || die "PostgreSQL binaries with psql and pgbench not found (set PG_BIN)"
PSQL="$PG_BIN/psql"
PGBENCH="$PG_BIN/pgbench"
PG_CTL="$PG_BIN/pg_ctl"
(( SEED_ENTITIES >= 2 )) || die "SEED_ENTITIES must be at least 2"
PER_ENTITY=$(( (SEED_RELATIONSHIPS + SEED_ENTITIES - 1) / SEED_ENTITIES ))
(( SEED_RELATIONSHIPS == 0 || (SEED_ENTITIES - 1) / PER_ENTITY >= 1 )) \
  || die "SEED_RELATIONSHIPS is too large for SEED_ENTITIES (at most N·(N-1)/2 or so)"

mkdir -p "$OUT"
CORES=$(nproc)

# ---------------------------------------------------------------------------------------------- build
if [[ ${BENCH_SKIP_BUILD:-0} == 1 && -x $APP_DIR/Backend.Api ]]; then
  log "reusing $APP_DIR (BENCH_SKIP_BUILD=1)"
else
  log "publishing Backend.Api (Release) to $APP_DIR"
  rm -rf "$APP_DIR"
  dotnet publish "$ROOT/Backend.Api" -c Release -o "$APP_DIR" --nologo -v quiet >"$OUT/publish.log" 2>&1 \
    || { tail -n 30 "$OUT/publish.log" >&2; die "dotnet publish failed (see $OUT/publish.log)"; }
fi

# ---------------------------------------------------------------------------------------------- database
if [[ -n ${DATABASE_URL:-} ]]; then
  DB_URL=$DATABASE_URL
  log "using DATABASE_URL"
else
  [[ -x $PG_BIN/initdb ]] || die "initdb not found in $PG_BIN"
  PG_DIR=$(mktemp -d /tmp/backend-bench-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run PostgreSQL"
    chown postgres: "$PG_DIR"
  fi
  PG_PORT=$(free_port)
  log "initialising a temporary PostgreSQL cluster in $PG_DIR (port $PG_PORT)"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$OUT/initdb.log" 2>&1 \
    || { cat "$OUT/initdb.log" >&2; die "initdb failed"; }
  # Bench settings: 256 MB of buffers, room for the pool plus pgbench, no checkpoints during a run, no JIT
  # (it only adds compile time to these short queries), and commits that do not wait for the WAL flush
  # (the machine's disk is not what is measured; see bench/README.md).
  as_postgres "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 start -o "\
    -p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR \
    -c max_connections=200 -c shared_buffers=256MB -c effective_cache_size=2GB -c work_mem=16MB \
    -c maintenance_work_mem=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c synchronous_commit=off \
    -c jit=off -c random_page_cost=1.1 -c log_min_duration_statement=-1" >/dev/null \
    || { cat "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
  "$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE backend_bench" >/dev/null
  DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/backend_bench"
fi
SERVICE_DB_URL=$DB_URL
if [[ -n ${BENCH_NPGSQL_OPTIONS:-} ]]; then
  [[ -n $PG_DIR ]] || die "BENCH_NPGSQL_OPTIONS needs the temporary cluster (DATABASE_URL unset)"
  SERVICE_DB_URL="Host=127.0.0.1;Port=$PG_PORT;Database=backend_bench;Username=postgres;$BENCH_NPGSQL_OPTIONS"
fi
SERVICE_ENV=()
if [[ -n ${BENCH_SERVICE_ENV:-} ]]; then read -r -a SERVICE_ENV <<<"$BENCH_SERVICE_ENV"; fi
# live: every subscriber reads as the first bench user, so the per-user stream limit (default 20) is lifted, and
# the process needs a descriptor per stream on both ends (the tool and the service inherit this shell's limit).
LIVE_NEED_FDS=$(( 2 * BENCH_LIVE_SUBSCRIBERS + 1024 ))
if (( $(ulimit -n) < LIVE_NEED_FDS )); then ulimit -n "$LIVE_NEED_FDS" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; fi
SERVICE_ENV=("EVENTS_MAX_CONNECTIONS=$(( BENCH_LIVE_SUBSCRIBERS + 10000 ))" \
  "EVENTS_MAX_CONNECTIONS_PER_USER=$(( BENCH_LIVE_SUBSCRIBERS + 100 ))" ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"})
psql_db() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$DB_URL" "$@"; }

# ---------------------------------------------------------------------------------------------- service
API_PORT=$(free_port)
API="http://127.0.0.1:$API_PORT"
log "starting the service on port $API_PORT (DB_POOL_SIZE=$BENCH_DB_POOL_SIZE, DB_MAX_OVERFLOW=$BENCH_DB_MAX_OVERFLOW)"
# Login and registration are rate-limited per client address (20/min by default): the load generator is one
# address, so the limit is lifted for the run. Access tokens live a day so no scenario outlives its token.
env ASPNETCORE_ENVIRONMENT=Production DATABASE_URL="$SERVICE_DB_URL" PORT="$API_PORT" LOG_LEVEL=WARNING \
  JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" JWT_ACCESS_TTL=1d \
  DB_POOL_SIZE="$BENCH_DB_POOL_SIZE" DB_MAX_OVERFLOW="$BENCH_DB_MAX_OVERFLOW" \
  AUTH_RATE_LIMIT=1000000 AUTH_RATE_WINDOW=1s ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"} \
  "$APP_DIR/Backend.Api" >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 240); do
  kill -0 "$SERVICE_PID" 2>/dev/null || { tail -n 20 "$OUT/service.log" >&2; die "the service exited during startup"; }
  if curl -fsS -o /dev/null "$API/health/ready" 2>/dev/null; then break; fi
  sleep 0.5
done
curl -fsS -o /dev/null "$API/health/ready" || die "the service did not become ready within 120 s"
log "service ready: $(curl -fsS "$API/health/ready")"

# CPU time (clock ticks, utime + stime) of the service, and of the whole temporary PostgreSQL cluster: the
# postmaster, its live children, and (cutime + cstime of the postmaster) the children that already exited.
CLK_TCK=$(getconf CLK_TCK)
ticks_of() { if (( $# == 0 )); then echo 0; else awk '{ s += $14 + $15 } END { print s + 0 }' "$@" 2>/dev/null || echo 0; fi; }
service_ticks() { ticks_of "/proc/$SERVICE_PID/stat"; }
pg_ticks() {
  [[ -n $PG_DIR && -f $PG_DIR/data/postmaster.pid ]] || { echo ""; return 0; }
  local master files=() child
  master=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  for child in $(pgrep -P "$master"); do files+=("/proc/$child/stat"); done
  echo $(( $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$master/stat") + $(ticks_of "${files[@]}") ))
}
# us_per <ticks before> <ticks after> <requests>
us_per() { if [[ -z $1 || -z $2 || $3 == 0 ]]; then echo "—"; else calc "($2 - $1) * 1000000 / $CLK_TCK / $3" | xargs printf '%.0f'; fi; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVICE_PID/status" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------------------------------------- users
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
RUN_TAG=$(date +%s)-$RANDOM
BENCH_PASSWORD="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')-pw"
USERS_FILE="$OUT/users.txt"
: >"$USERS_FILE"
register() {
  local email=$1 code
  code=$(curl -sS -o "$OUT/register.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$BENCH_PASSWORD\",\"first_name\":\"Bench\",\"last_name\":\"User\"}" \
    "$API/api/v1/auth/register")
  [[ $code == 201 ]] || die "registering $email answered $code: $(cat "$OUT/register.json")"
}
login() { # email -> token response body
  curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$BENCH_PASSWORD\"}" "$API/api/v1/auth/token"
}
BENCH_EMAIL="bench-$RUN_TAG@example.com"
log "registering $BENCH_LOGIN_USERS bench users"
register "$BENCH_EMAIL"
echo "$BENCH_EMAIL $BENCH_PASSWORD" >>"$USERS_FILE"
for i in $(seq 2 "$BENCH_LOGIN_USERS"); do
  register "bench-$RUN_TAG-$i@example.com"
  echo "bench-$RUN_TAG-$i@example.com $BENCH_PASSWORD" >>"$USERS_FILE"
done
TOKEN=$(login "$BENCH_EMAIL" | json_field access_token)
[[ -n $TOKEN ]] || die "login did not return an access_token"
USER_ID=$(psql_db -At -c "SELECT id FROM backend_auth.users WHERE lower(email) = lower('$BENCH_EMAIL')")

# ---------------------------------------------------------------------------------------------- seed
EXISTING=$(psql_db -At -c "SELECT count(*) FROM (SELECT 1 FROM backend_entities.entities LIMIT 1) x")
if [[ $EXISTING != 0 ]]; then
  [[ ${BENCH_REUSE_DATA:-0} == 1 ]] || die "the database already holds entities; use an empty database or BENCH_REUSE_DATA=1"
  SEED_ENTITIES=$(psql_db -At -c "SELECT count(*) FROM bench.ids")
  log "reusing the seeded data ($SEED_ENTITIES ids in bench.ids)"
  SEED_RELATIONSHIPS=$(psql_db -At -c "SELECT count(*) FROM backend_entities.entity_relationships")
else
  log "seeding $SEED_ENTITIES entities and $SEED_RELATIONSHIPS relationships"
  SEED_START=$(date +%s)
  psql_db -v entities="$SEED_ENTITIES" -v relationships="$SEED_RELATIONSHIPS" -v user_id="$USER_ID" \
    -v types="{$ENTITY_TYPES}" -f "$BENCH_DIR/sql/seed.sql" >"$OUT/seed.log" 2>&1 \
    || { cat "$OUT/seed.log" >&2; die "seeding failed"; }
  SEED_SECONDS=$(( $(date +%s) - SEED_START ))
  log "seeded in ${SEED_SECONDS}s ($(psql_db -At -c "SELECT pg_size_pretty(pg_database_size(current_database()))"))"
fi
IDS_FILE="$OUT/ids.txt"
psql_db -At -c "\copy (SELECT id FROM bench.ids ORDER BY random() LIMIT 100000) TO '$IDS_FILE'"
SAMPLE_ID=$(head -n 1 "$IDS_FILE")

# ---------------------------------------------------------------------------------------------- wrk plumbing
RSS_PEAK_FILE="$OUT/rss_peak"
start_rss_sampler() {
  echo 0 >"$RSS_PEAK_FILE"
  (
    peak=0
    while kill -0 "$SERVICE_PID" 2>/dev/null; do
      r=$(rss_kb)
      if (( r > peak )); then peak=$r; echo "$peak" >"$RSS_PEAK_FILE"; fi
      sleep 0.2
    done
  ) &
  RSS_SAMPLER=$!
  BG_PIDS+=("$RSS_SAMPLER")
}
stop_rss_sampler() { kill "$RSS_SAMPLER" 2>/dev/null || true; wait "$RSS_SAMPLER" 2>/dev/null || true; }

# run_wrk <scenario> <connections> <seconds> <output file> [threads]
run_wrk() {
  local threads=${5:-$BENCH_THREADS}
  (( threads > $2 )) && threads=$2
  BENCH_SCENARIO=$1 BENCH_TOKEN=$TOKEN BENCH_IDS=$IDS_FILE BENCH_TYPES=$ENTITY_TYPES BENCH_USERS=$USERS_FILE \
    BENCH_REFRESH=${REFRESH_FILE:-} BENCH_THREADS=$threads \
    wrk -t "$threads" -c "$2" -d "${3}s" --timeout 10s -s "$BENCH_DIR/wrk/scenario.lua" "$API" >"$4" 2>&1 \
    || { cat "$4" >&2; die "wrk failed for $1"; }
}
# result_field <wrk output> <key>
result_field() { sed -n "s/.*BENCH_RESULT.* $2=\([0-9.]*\).*/\1/p" "$1"; }

# Refresh tokens rotate, so every wrk run needs its own supply (one per connection and some spare).
make_refresh_tokens() {
  local file=$1 count=$2 i email
  : >"$file"
  for i in $(seq 1 "$count"); do
    email=$(sed -n "$(( (i - 1) % BENCH_LOGIN_USERS + 1 ))p" "$USERS_FILE" | cut -d' ' -f1)
    # One token per line: the login body has no trailing newline, so sed would leave the line open.
    printf '%s\n' "$(login "$email" | json_field refresh_token)" >>"$file"
  done
}

status_of() { curl -sS -o /dev/null -w '%{http_code}' "$@"; }

RESULTS_TSV="$OUT/results.tsv"
: >"$RESULTS_TSV"
PGBENCH_TPS=""
# record <scenario> <target text> <verdict expr or -> <wrk output>
record() {
  local name=$1 target=$2 kind=$3 file=$4 requests duration p50 p99 errors rps rss ratio verdict extra="" svc_us pg_us
  requests=$(result_field "$file" requests)
  duration=$(result_field "$file" duration_us)
  p50=$(calc "$(result_field "$file" p50_us) / 1000")
  p99=$(calc "$(result_field "$file" p99_us) / 1000")
  errors=$(( $(result_field "$file" status) + $(result_field "$file" connect) + $(result_field "$file" read) \
    + $(result_field "$file" write) + $(result_field "$file" timeout) ))
  rps=$(calc "$requests / ($duration / 1000000)")
  rss=$(calc "$(cat "$RSS_PEAK_FILE") / 1024")
  ratio=$( [[ -n $PGBENCH_TPS ]] && calc "$rps / $PGBENCH_TPS" || echo "")
  case "$kind" in
    get) verdict=$(calc "($rps >= 4000 && $p99 <= 25 && $errors == 0) ? \"met\" : \"missed\"") ;;
    rps1500) verdict=$(calc "($rps >= 1500 && $errors == 0) ? \"met\" : \"missed\"") ;;
    live) verdict=$(calc "($rps >= 0.8 * $LIVE_BASE_RPS && $errors == 0) ? \"met\" : \"missed\"")
      extra=" (= $(calc "$rps / $LIVE_BASE_RPS" | xargs printf '%.2f') × without)" ;;
    batch) verdict=$(calc "($rps * $BENCH_BATCH_SIZE >= 20000 && $errors == 0) ? \"met\" : \"missed\"")
      extra=" (= $(calc "$rps * $BENCH_BATCH_SIZE") entities/s)" ;;
    neighbors) verdict=$(calc "($p99 <= 50 && $errors == 0) ? \"met\" : \"missed\"") ;;
    login) verdict=$(calc "($rps >= $LOGIN_TARGET && $errors == 0) ? \"met\" : \"missed\"") ;;
    *) verdict=$(calc "($errors == 0) ? \"no errors\" : \"errors\"") ;;
  esac
  if [[ $(calc "($rss > 400) ? 1 : 0") == 1 ]]; then verdict="$verdict; RSS > 400 MB"; fi
  svc_us=$(us_per "$SVC_T0" "$SVC_T1" "$requests")
  pg_us=$(us_per "$PG_T0" "$PG_T1" "$requests")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$target" "$(printf '%.0f' "$rps")$extra" \
    "$(printf '%.2f' "$p50")" "$(printf '%.2f' "$p99")" "$errors" "$(printf '%.0f' "$rss")" \
    "$( [[ -n $ratio ]] && printf '%.3f' "$ratio" || echo '—')" "$svc_us" "$pg_us" "$verdict" >>"$RESULTS_TSV"
  log "$name: $(printf '%.0f' "$rps") req/s$extra, p50 $(printf '%.2f' "$p50") ms, p99 $(printf '%.2f' "$p99") ms, errors $errors, peak RSS $(printf '%.0f' "$rss") MB, CPU µs/req service $svc_us PostgreSQL $pg_us → $verdict"
}
skip() { printf '%s\t%s\t—\t—\t—\t—\t—\t—\t—\t—\tskipped: %s\n' "$1" "$2" "$3" >>"$RESULTS_TSV"; log "$1: skipped ($3)"; }

# bench <scenario> <target text> <verdict kind> <connections>
bench() {
  local name=$1 file="$OUT/wrk-$1.txt"
  start_rss_sampler
  if (( BENCH_WARMUP > 0 )); then
    [[ $name == refresh ]] && REFRESH_FILE="$OUT/refresh-warmup.txt"
    run_wrk "$name" "$4" "$BENCH_WARMUP" "$OUT/wrk-$name-warmup.txt"
  fi
  [[ $name == refresh ]] && REFRESH_FILE="$OUT/refresh-run.txt"
  measure_start
  run_wrk "$name" "$4" "$BENCH_DURATION" "$file"
  measure_stop
  stop_rss_sampler
  record "$name" "$2" "$3" "$file"
}
BENCH_BATCH_SIZE=1000
SVC_T0="" SVC_T1="" PG_T0="" PG_T1=""
measure_start() { SVC_T0=$(service_ticks); PG_T0=$(pg_ticks); }
measure_stop() { SVC_T1=$(service_ticks); PG_T1=$(pg_ticks); }

# ---------------------------------------------------------------------------------------------- serve
if [[ $MODE == serve ]]; then
  trap 'exit 0' INT TERM
  printf 'API=%q\nTOKEN=%q\nDB_URL=%q\nSERVICE_PID=%q\nIDS_FILE=%q\n' "$API" "$TOKEN" "$DB_URL" "$SERVICE_PID" "$IDS_FILE" >"$OUT/serve.env"
  log "serving at $API (service pid $SERVICE_PID); variables in $OUT/serve.env; Ctrl-C stops everything"
  while kill -0 "$SERVICE_PID" 2>/dev/null; do sleep 1; done
  die "the service exited"
fi

# ---------------------------------------------------------------------------------------------- soak
if [[ $MODE == soak ]]; then
  SOAK_MD="$OUT/soak.md"
  log "soak: mixed traffic (55% get, 20% list, 20% create, 5% health) at $BENCH_CONNECTIONS connections plus 2 login connections for ${SOAK_DURATION}s"
  start_rss_sampler
  BENCH_SCENARIO=mixed BENCH_TOKEN=$TOKEN BENCH_IDS=$IDS_FILE BENCH_TYPES=$ENTITY_TYPES \
    wrk -t "$BENCH_THREADS" -c "$BENCH_CONNECTIONS" -d "${SOAK_DURATION}s" --timeout 10s \
    -s "$BENCH_DIR/wrk/scenario.lua" "$API" >"$OUT/wrk-soak-mixed.txt" 2>&1 &
  MIXED_PID=$!
  BG_PIDS+=("$MIXED_PID")
  BENCH_SCENARIO=login BENCH_USERS=$USERS_FILE \
    wrk -t 1 -c 2 -d "${SOAK_DURATION}s" --timeout 10s -s "$BENCH_DIR/wrk/scenario.lua" "$API" \
    >"$OUT/wrk-soak-login.txt" 2>&1 &
  LOGIN_PID=$!
  BG_PIDS+=("$LOGIN_PID")
  {
    echo "# Soak: ${SOAK_DURATION}s mixed traffic, $(date -u +%Y-%m-%d), $CORES cores"
    echo
    echo "| elapsed s | RSS MB |"
    echo "|---:|---:|"
  } >"$SOAK_MD"
  SAMPLES=()
  START=$(date +%s)
  echo "| 0 | $(( $(rss_kb) / 1024 )) |" >>"$SOAK_MD"
  for (( t = 30; t <= SOAK_DURATION; t += 30 )); do
    sleep $(( START + t - $(date +%s) > 0 ? START + t - $(date +%s) : 0 ))
    mb=$(( $(rss_kb) / 1024 ))
    SAMPLES+=("$mb")
    echo "| $t | $mb |" >>"$SOAK_MD"
    log "soak t=${t}s RSS ${mb} MB"
  done
  wait "$MIXED_PID" || die "wrk (mixed) failed"
  wait "$LOGIN_PID" || die "wrk (login) failed"
  stop_rss_sampler
  MIXED_REQ=$(result_field "$OUT/wrk-soak-mixed.txt" requests)
  MIXED_DUR=$(result_field "$OUT/wrk-soak-mixed.txt" duration_us)
  MIXED_ERR=$(( $(result_field "$OUT/wrk-soak-mixed.txt" status) + $(result_field "$OUT/wrk-soak-mixed.txt" timeout) \
    + $(result_field "$OUT/wrk-soak-mixed.txt" connect) + $(result_field "$OUT/wrk-soak-mixed.txt" read) ))
  LOGIN_REQ=$(result_field "$OUT/wrk-soak-login.txt" requests)
  # Flat means no upward trend after the first minute (warm-up): the mean of the last third of the samples
  # from 60 s on is at most 10% above the mean of their first third, and no sample exceeds 400 MB.
  POST=("${SAMPLES[@]:1}")
  (( ${#POST[@]} > 0 )) || POST=("${SAMPLES[@]}")
  THIRD=$(( (${#POST[@]} + 2) / 3 ))
  HEAD_MEAN=$(printf '%s\n' "${POST[@]:0:THIRD}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
  TAIL_MEAN=$(printf '%s\n' "${POST[@]: -THIRD}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
  FIRST=${POST[0]}
  LAST=${POST[-1]}
  MIN=$FIRST MAX=$FIRST
  for s in "${POST[@]}"; do (( s < MIN )) && MIN=$s; (( s > MAX )) && MAX=$s; done
  VERDICT=$(calc "($TAIL_MEAN <= $HEAD_MEAN * 1.10 && $MAX <= 400) ? \"flat\" : \"NOT flat\"")
  {
    echo
    echo "Mixed: $MIXED_REQ requests ($(calc "$MIXED_REQ / ($MIXED_DUR / 1000000)" | xargs printf '%.0f') req/s), $MIXED_ERR errors;" \
      "logins: $LOGIN_REQ. Peak RSS $(( $(cat "$RSS_PEAK_FILE") / 1024 )) MB."
    echo "After warm-up (60 s → end): ${FIRST} MB → ${LAST} MB, range ${MIN}–${MAX} MB; mean of the first third" \
      "${HEAD_MEAN} MB, of the last third ${TAIL_MEAN} MB: **$VERDICT** (last third ≤ first third + 10%, every sample ≤ 400 MB)."
  } >>"$SOAK_MD"
  cat "$SOAK_MD"
  exit 0
fi

# ---------------------------------------------------------------------------------------------- pgbench
log "pgbench: get-by-id at $BENCH_CONNECTIONS clients for ${BENCH_DURATION}s"
PGB_DIR=$(mktemp -d "$OUT/pgbench.XXXXXX")
"$PGBENCH" -n -M prepared -c "$BENCH_CONNECTIONS" -j "$BENCH_THREADS" -T "$BENCH_WARMUP" -D count="$SEED_ENTITIES" \
  -f "$BENCH_DIR/sql/pgbench_get_by_id.sql" "$DB_URL" >"$OUT/pgbench-warmup.txt" 2>&1 \
  || { cat "$OUT/pgbench-warmup.txt" >&2; die "pgbench failed"; }
measure_start
(cd "$PGB_DIR" && "$PGBENCH" -n -M prepared -c "$BENCH_CONNECTIONS" -j "$BENCH_THREADS" -T "$BENCH_DURATION" \
  -D count="$SEED_ENTITIES" -l --log-prefix=pgbench -f "$BENCH_DIR/sql/pgbench_get_by_id.sql" "$DB_URL" >"$OUT/pgbench.txt" 2>&1) \
  || { cat "$OUT/pgbench.txt" >&2; die "pgbench failed"; }
measure_stop
PGBENCH_TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgbench.txt" | head -n 1)
PGB_FAILED=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/pgbench.txt")
# Per-transaction log: column 3 is the latency in microseconds.
cat "$PGB_DIR"/pgbench.* | awk '{ print $3 }' | sort -n >"$PGB_DIR/latencies"
PGB_N=$(wc -l <"$PGB_DIR/latencies")
PGB_P50=$(calc "$(sed -n "$(( (PGB_N + 1) / 2 ))p" "$PGB_DIR/latencies") / 1000")
PGB_P99=$(calc "$(sed -n "$(( (PGB_N * 99 + 99) / 100 ))p" "$PGB_DIR/latencies") / 1000")
rm -rf "$PGB_DIR"
PGB_TX=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/pgbench.txt")
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "pgbench get-by-id (SQL only)" "ceiling" "$(printf '%.0f' "$PGBENCH_TPS")" \
  "$(printf '%.2f' "$PGB_P50")" "$(printf '%.2f' "$PGB_P99")" "${PGB_FAILED:-0}" "—" "1.000" "—" "$(us_per "$PG_T0" "$PG_T1" "${PGB_TX:-0}")" "—" >>"$RESULTS_TSV"
log "pgbench: $(printf '%.0f' "$PGBENCH_TPS") tps, p50 $(printf '%.2f' "$PGB_P50") ms, p99 $(printf '%.2f' "$PGB_P99") ms"

# ---------------------------------------------------------------------------------------------- live
# The create scenario without subscribers, then again with BENCH_LIVE_SUBSCRIBERS live streams (bench/live: half
# WebSocket, half SSE by default) that receive every event it makes. Rows: the create rate without and with (and
# the ratio), and the delivery delay from each event's commit timestamp to its arrival at the subscriber.
LIVE_BASE_RPS=""
bench_live() {
  local tool="$BENCH_DIR/live/bin/Release/net10.0/LiveBench.dll" ready="$OUT/live-ready" result="$OUT/live.txt" live_pid n
  local ws=$(calc "int($BENCH_LIVE_SUBSCRIBERS * $BENCH_LIVE_WS_SHARE + 0.5)")
  if [[ ${BENCH_SKIP_BUILD:-0} != 1 || ! -f $tool ]]; then
    log "live: building bench/live"
    dotnet build "$BENCH_DIR/live/LiveBench.csproj" -c Release -v q -nologo >"$OUT/live-build.log" 2>&1 \
      || { tail -n 20 "$OUT/live-build.log" >&2; die "building bench/live failed"; }
  fi
  log "live: create without subscribers"
  bench create "— (the base of the next row)" other "$BENCH_CONNECTIONS"
  sed -i '$ s/^create\t/live: create, no subscribers\t/' "$RESULTS_TSV"
  LIVE_BASE_RPS=$(calc "$(result_field "$OUT/wrk-create.txt" requests) / ($(result_field "$OUT/wrk-create.txt" duration_us) / 1000000)")
  mv "$OUT/wrk-create.txt" "$OUT/wrk-live-base.txt"

  log "live: opening $BENCH_LIVE_SUBSCRIBERS subscribers ($ws WebSocket, $(( BENCH_LIVE_SUBSCRIBERS - ws )) SSE)"
  rm -f "$ready"
  API=$API TOKEN=$TOKEN SUBSCRIBERS=$BENCH_LIVE_SUBSCRIBERS WS_SHARE=$BENCH_LIVE_WS_SHARE PROBE_RATE=$BENCH_LIVE_PROBE_RATE \
    READY_FILE=$ready dotnet "$tool" >"$result" 2>"$OUT/live.log" &
  live_pid=$!
  BG_PIDS+=("$live_pid")
  for _ in $(seq 1 $(( 1200 + BENCH_LIVE_SUBSCRIBERS ))); do
    [[ -s $ready ]] && break
    kill -0 "$live_pid" 2>/dev/null || { cat "$OUT/live.log" >&2; die "the live subscriber tool exited"; }
    sleep 0.1
  done
  [[ -s $ready ]] || die "the live subscribers did not connect in time (see $OUT/live.log)"
  n=$(cat "$ready")
  log "live: $n/$BENCH_LIVE_SUBSCRIBERS subscribers connected"
  (( n == BENCH_LIVE_SUBSCRIBERS )) || log "live: WARNING: only $n subscribers connected (see $OUT/live.log)"

  start_rss_sampler
  if (( BENCH_WARMUP > 0 )); then run_wrk create "$BENCH_CONNECTIONS" "$BENCH_WARMUP" "$OUT/wrk-live-warmup.txt"; fi
  kill -HUP "$live_pid"
  local tool_t0 tool_t1
  tool_t0=$(ticks_of "/proc/$live_pid/stat")
  measure_start
  run_wrk create "$BENCH_CONNECTIONS" "$BENCH_DURATION" "$OUT/wrk-live.txt"
  measure_stop
  tool_t1=$(ticks_of "/proc/$live_pid/stat")
  kill -TERM "$live_pid"
  wait "$live_pid" || die "the live subscriber tool failed (see $OUT/live.log)"
  stop_rss_sampler
  record "live: create, $n subscribers" "≥ 0.8 × without" live "$OUT/wrk-live.txt"

  # LIVE_RESULT key=value … (bench/live/Program.cs); live_field <key>
  live_field() { sed -n "s/.*LIVE_RESULT.* $1=\([-0-9.]*\).*/\1/p" "$result"; }
  local events deliveries p50 p99 max dropped missed order gaps errors window verdict probe tool_cores
  events=$(live_field events); deliveries=$(live_field deliveries); window=$(live_field tool_window_s)
  p50=$(calc "$(live_field p50_us) / 1000"); p99=$(calc "$(live_field p99_us) / 1000"); max=$(calc "$(live_field max_us) / 1000")
  dropped=$(live_field dropped); missed=$(live_field missed); order=$(live_field out_of_order); gaps=$(live_field gaps)
  errors=$(live_field errors)
  tool_cores=$(calc "($tool_t1 - $tool_t0) / $CLK_TCK / $window")
  verdict=$(calc "($p99 <= 100 && $dropped + $missed + $order + $errors == 0) ? \"met\" : \"missed\"")
  probe="probes ($(live_field probes), client side): request sent → delivered p50 $(calc "$(live_field probe_sent_p50_us) / 1000" | xargs printf '%.1f') / p99 $(calc "$(live_field probe_sent_p99_us) / 1000" | xargs printf '%.1f') ms, response received → delivered p50 $(calc "$(live_field probe_answered_p50_us) / 1000" | xargs printf '%.1f') / p99 $(calc "$(live_field probe_answered_p99_us) / 1000" | xargs printf '%.1f') ms"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "live: delivery commit → arrival, $n subscribers ($(live_field websocket) WebSocket, $(live_field sse) SSE)" "p99 ≤ 100 ms, nothing lost" \
    "$(calc "$deliveries / $window" | xargs printf '%.0f') deliveries/s ($events events)" \
    "$(printf '%.2f' "$p50")" "$(printf '%.2f' "$p99")" "$errors" "$(calc "$(cat "$RSS_PEAK_FILE") / 1024" | xargs printf '%.0f')" "—" "—" "—" \
    "$verdict; max $(printf '%.0f' "$max") ms; $deliveries delivered, $dropped dropped, $missed missed, $order out of order, $gaps gaps; $probe; subscriber tool $(printf '%.2f' "$tool_cores") cores" \
    >>"$RESULTS_TSV"
  log "live: $events events × $n subscribers: $deliveries delivered, p50 $(printf '%.2f' "$p50") ms, p99 $(printf '%.2f' "$p99") ms, max $(printf '%.0f' "$max") ms; dropped $dropped, missed $missed, out of order $order, gaps $gaps, errors $errors → $verdict"
  log "live: $probe; subscriber tool $(printf '%.2f' "$tool_cores") cores (thread-pool queue max $(live_field tool_pending_max))"
}

# ---------------------------------------------------------------------------------------------- scenarios
LOGIN_TARGET=""
for scenario in "${SCENARIOS[@]}"; do
  case "$scenario" in
    health) bench health "—" other "$BENCH_CONNECTIONS" ;;
    get) bench get "≥ 4,000/s, p99 ≤ 25 ms, 0 errors" get "$BENCH_CONNECTIONS" ;;
    list) bench list "≥ 1,500/s" rps1500 "$BENCH_CONNECTIONS" ;;
    create) bench create "≥ 1,500/s" rps1500 "$BENCH_CONNECTIONS" ;;
    live) bench_live ;;
    batch) bench batch "≥ 20,000 entities/s" batch "$BENCH_CONNECTIONS" ;;
    neighbors)
      code=$(status_of -H "Authorization: Bearer $TOKEN" "$API/api/v1/entities/$SAMPLE_ID/neighbors?depth=2")
      if [[ $code == 404 ]]; then
        skip neighbors "p99 ≤ 50 ms (1M/5M)" "GET /api/v1/entities/{id}/neighbors answers 404: the endpoint is not in this build"
      else
        bench neighbors "p99 ≤ 50 ms (on 1M/5M; seeded $SEED_ENTITIES/$SEED_RELATIONSHIPS)" neighbors "$BENCH_CONNECTIONS"
      fi
      ;;
    login)
      # "One hash's time": a single client's login latency (the Argon2id hash plus a few ms of HTTP and SQL).
      start_rss_sampler
      run_wrk login 1 "$BENCH_WARMUP" "$OUT/wrk-login-1-warmup.txt" 1
      measure_start
      run_wrk login 1 "$BENCH_DURATION" "$OUT/wrk-login-1.txt" 1
      measure_stop
      stop_rss_sampler
      HASH_MS=$(calc "$(result_field "$OUT/wrk-login-1.txt" p50_us) / 1000")
      LOGIN_TARGET=$(calc "0.8 * $CORES / ($HASH_MS / 1000)")
      record "login, 1 client (one hash's time)" "basis of the login target" other "$OUT/wrk-login-1.txt"
      bench login "≥ 0.8 × $CORES cores ÷ $(printf '%.1f' "$HASH_MS") ms = $(printf '%.0f' "$LOGIN_TARGET")/s, flat memory" login "$BENCH_LOGIN_CONNECTIONS"
      ;;
    refresh)
      code=$(status_of -H 'Content-Type: application/json' -d '{"refresh_token":"not-a-token"}' "$API/api/v1/auth/refresh")
      if [[ $code == 404 ]]; then
        skip refresh "—" "POST /api/v1/auth/refresh answers 404: the endpoint is not in this build"
      else
        log "refresh: logging in $(( 2 * BENCH_CONNECTIONS + 16 )) times for rotating refresh tokens"
        make_refresh_tokens "$OUT/refresh-warmup.txt" $(( BENCH_CONNECTIONS + 8 ))
        make_refresh_tokens "$OUT/refresh-run.txt" $(( BENCH_CONNECTIONS + 8 ))
        bench refresh "— (0 errors)" other "$BENCH_CONNECTIONS"
      fi
      ;;
  esac
done

# ---------------------------------------------------------------------------------------------- report
RESULTS_MD="$OUT/results.md"
{
  echo "Backend bench, $(date -u '+%Y-%m-%d %H:%M UTC'): $CORES cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))," \
    "$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GB RAM; seed $SEED_ENTITIES entities / $SEED_RELATIONSHIPS relationships;" \
    "$BENCH_CONNECTIONS connections (login $BENCH_LOGIN_CONNECTIONS), ${BENCH_WARMUP}s warm-up + ${BENCH_DURATION}s per scenario;" \
    "service DB_POOL_SIZE=$BENCH_DB_POOL_SIZE DB_MAX_OVERFLOW=$BENCH_DB_MAX_OVERFLOW. All targets also need peak RSS ≤ 400 MB."
  echo
  echo "| scenario | target | requests/s | p50 ms | p99 ms | errors | peak RSS MB | ratio to pgbench get-by-id | service CPU µs/req | PostgreSQL CPU µs/req | verdict |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$RESULTS_TSV"
} >"$RESULTS_MD"
echo
cat "$RESULTS_MD"
