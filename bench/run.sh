#!/usr/bin/env bash
# Backend benchmark harness: one command from a clean clone.
#
#   bench/run.sh                     every scenario, then the results table (bench/out/results.md)
#   bench/run.sh get list neighbors  only the named scenarios (pgbench and bare get always run: the ratios' bases)
#   bench/run.sh soak                mixed traffic for SOAK_DURATION, RSS every 30 s (bench/out/soak.md)
#   bench/run.sh serve               build, start, seed, then keep the service up for profiling until Ctrl-C
#                                    (bench/out/serve.env has API, TOKEN, DB_URL, SERVICE_PID, BARE_API, READ_URL)
#
# Scenarios: health get list create batch neighbors login refresh live.
# What it does: publishes Backend.Api and the bare baseline (bench/bare) in Release to bench/out; starts a
# throwaway PostgreSQL cluster (unless DATABASE_URL is set; BENCH_PG_DIR keeps it) and the published service
# against it; registers bench users; seeds SEED_ENTITIES entities and SEED_RELATIONSHIPS relationships in SQL;
# with BENCH_REPLICA=1 adds a streaming standby the service reads from; runs pgbench on the get-by-id query
# as the database's ceiling and the bare app's get (bare get) as the framework's; before create, batch and
# neighbors runs pgbench on the service's own statement for that scenario (PostgreSQL alone: what the scenario
# could reach if the service cost nothing); runs each scenario with wrk
# after a warm-up while sampling the server's RSS; prints a markdown table with both ratios and the load
# average. Everything it started is stopped and removed on exit, also on failure or Ctrl-C.
#
# Environment (all optional):
#   SEED_ENTITIES=100000 SEED_RELATIONSHIPS=500000   dataset size (e.g. 2000000 / 10000000, with BENCH_PG_DIR)
#   BENCH_DURATION=15  BENCH_WARMUP=10               seconds per scenario run / warm-up
#   BENCH_SERVICE_WARMUP=15                           seconds of get by id before the first scenario (JIT of the shared pipeline)
#   BENCH_CONNECTIONS=32  BENCH_LOGIN_CONNECTIONS=16 wrk connections; BENCH_THREADS=2 wrk threads
#   SOAK_DURATION=300                                soak length in seconds
#   BENCH_DB_POOL_SIZE=16  BENCH_DB_MAX_OVERFLOW=16  the service's DB_POOL_SIZE / DB_MAX_OVERFLOW
#   BENCH_SKIP_BUILD=1                               reuse bench/out/app and bench/out/bare
#   DATABASE_URL=postgresql://user:pass@host:port/db use that server instead (URI form: psql and pgbench
#       read it too). It must be a disposable database: the bench seeds into it and leaves the rows; it
#       refuses to seed a database that already holds entities unless BENCH_REUSE_DATA=1 (then no seeding).
#   PG_BIN                                            PostgreSQL binaries (default: newest /usr/lib/postgresql/*/bin)
#   BENCH_PG_DIR=/var/tmp/bench-pg-2m                 keep the bench's cluster in that folder: the first run seeds
#       it, later runs start it and reuse the seed (rows the scenarios created are deleted first)
#   BENCH_PG_SHARED_BUFFERS=4GB                       shared_buffers of the bench's cluster (default RAM/6, ≤ 4GB)
#   BENCH_REPLICA=1                                   add a streaming replica (pg_basebackup -R) and start the
#       service with DATABASE_READ_URL pointing at it (bench's own cluster only)
#   BENCH_NPGSQL_OPTIONS='No Reset On Close=true'     extra Npgsql keywords for the service's and the bare app's
#                                                     connection strings (bench's own cluster only; for experiments)
#   BENCH_SERVICE_ENV='DOTNET_gcServer=0 …'           extra environment for the service (for experiments)
#   BENCH_LIVE_SUBSCRIBERS=1000  BENCH_LIVE_WS_SHARE=0.5  live: streams open during the create run, WebSocket share
#   BENCH_LIVE_PROBE_RATE=10                          live: the subscriber tool's own timed creates per second
#   BENCH_LOGIN_USERS=8                               users registered for the login scenario
#   BENCH_PREWARM=1                                   pg_prewarm the entities and edge indexes before the scenarios (0: cold)
#   BENCH_HUGE_PAGES=1                                as root, reserve 2 MB huge pages (vm.nr_hugepages) for the bench's
#       cluster's shared memory for the run and give them back at the end (0: leave the kernel setting alone)
# Needs: .NET SDK, PostgreSQL server binaries, wrk, curl (wrk is apt-installed when missing and run as root).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
OUT="$BENCH_DIR/out"
APP_DIR="$OUT/app"

SEED_SIZE_GIVEN=${SEED_ENTITIES:+1}${SEED_RELATIONSHIPS:+1}
SEED_ENTITIES=${SEED_ENTITIES:-100000}
SEED_RELATIONSHIPS=${SEED_RELATIONSHIPS:-500000}
BENCH_DURATION=${BENCH_DURATION:-15}
BENCH_WARMUP=${BENCH_WARMUP:-10}
BENCH_SERVICE_WARMUP=${BENCH_SERVICE_WARMUP:-15}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_LOGIN_CONNECTIONS=${BENCH_LOGIN_CONNECTIONS:-16}
BENCH_THREADS=${BENCH_THREADS:-2}
SOAK_DURATION=${SOAK_DURATION:-300}
BENCH_DB_POOL_SIZE=${BENCH_DB_POOL_SIZE:-16}
BENCH_DB_MAX_OVERFLOW=${BENCH_DB_MAX_OVERFLOW:-16}
BENCH_LOGIN_USERS=${BENCH_LOGIN_USERS:-8}
BENCH_PG_DIR=${BENCH_PG_DIR:-}
BENCH_REPLICA=${BENCH_REPLICA:-0}
BENCH_HUGE_PAGES=${BENCH_HUGE_PAGES:-1}
HUGE_PAGES_BEFORE=""
BARE_DIR="$OUT/bare"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
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
BARE_PID=""
PG_DIR=""
PG_KEEP=0
REPLICA_DIR=""
PG_CTL=""
BG_PIDS=()
# stop_process <pid> <what>: TERM, up to 25 s, then KILL.
stop_process() {
  [[ -n $1 ]] && kill -0 "$1" 2>/dev/null || return 0
  log "stopping $2 (pid $1)"
  kill -TERM "$1"
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
# stop_cluster <folder holding data/> <what>
stop_cluster() {
  if [[ -n $1 && -f $1/data/postmaster.pid ]]; then
    log "stopping $2"
    as_postgres "$PG_CTL" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  stop_process "$SERVICE_PID" "the service"
  stop_process "$BARE_PID" "the bare app"
  if [[ -n $REPLICA_DIR && -d $REPLICA_DIR ]]; then
    stop_cluster "$REPLICA_DIR" "the replica"
    cp "$REPLICA_DIR/postgres.log" "$OUT/postgres-replica.log" 2>/dev/null
    rm -rf "$REPLICA_DIR"
  fi
  if [[ -n $PG_DIR && -d $PG_DIR ]]; then
    stop_cluster "$PG_DIR" "PostgreSQL"
    cp "$PG_DIR/postgres.log" "$OUT/postgres.log" 2>/dev/null
    if [[ $PG_KEEP == 1 ]]; then log "kept the cluster in $PG_DIR (BENCH_PG_DIR)"; else rm -rf "$PG_DIR"; fi
  fi
  if declare -F release_huge_pages >/dev/null; then release_huge_pages; fi
  if [[ $rc -ne 0 ]]; then log "failed (exit $rc); logs: $OUT/service.log $OUT/bare.log $OUT/postgres.log"; fi
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
RAM_MB=$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)
if [[ -z ${BENCH_PG_SHARED_BUFFERS:-} ]]; then
  BENCH_PG_SHARED_BUFFERS="$(( RAM_MB / 6 < 4096 ? RAM_MB / 6 : 4096 ))MB"
fi
MAINT_WORKERS=$(( CORES > 1 ? CORES - 1 : 1 ))
if [[ $BENCH_REPLICA == 1 ]]; then
  [[ -z ${DATABASE_URL:-} ]] || die "BENCH_REPLICA=1 needs the bench's own cluster (unset DATABASE_URL)"
  [[ -x $PG_BIN/pg_basebackup ]] || die "pg_basebackup not found in $PG_BIN"
fi

# ---------------------------------------------------------------------------------------------- build
# publish <project folder> <output folder> <executable name>
publish() {
  local name
  name=$(basename "$1")
  if [[ ${BENCH_SKIP_BUILD:-0} == 1 && -x $2/$3 ]]; then
    log "reusing $2 (BENCH_SKIP_BUILD=1)"
    return 0
  fi
  log "publishing $name (Release) to $2"
  rm -rf "$2"
  dotnet publish "$1" -c Release -o "$2" --nologo -v quiet >"$OUT/publish-$name.log" 2>&1 \
    || { tail -n 30 "$OUT/publish-$name.log" >&2; die "dotnet publish of $name failed (see $OUT/publish-$name.log)"; }
}
publish "$ROOT/Backend.Api" "$APP_DIR" Backend.Api
publish "$BENCH_DIR/bare" "$BARE_DIR" BareApi

# ---------------------------------------------------------------------------------------------- database
# pg_options <profile> <port> <socket folder>: the bench settings. Both profiles: shared_buffers sized to the
# machine, room for the pool plus pgbench, no checkpoints during a run, no JIT (it only adds compile time to
# these short queries), commits that do not wait for the WAL flush (the disk is not what is measured).
# "load" (seeding a fresh cluster) adds wal_level=minimal, so the seed's rows and index builds skip the WAL,
# and no autovacuum (the seed vacuums once at the end); "run" keeps PostgreSQL's default wal_level=replica,
# which the replica and a production-like create path need; "standby" is "run" plus hot_standby.
pg_options() {
  local options="-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$3 \
    -c max_connections=200 -c shared_buffers=$BENCH_PG_SHARED_BUFFERS -c effective_cache_size=$(( RAM_MB / 2 ))MB \
    -c work_mem=16MB -c maintenance_work_mem=1GB -c max_parallel_maintenance_workers=$MAINT_WORKERS \
    -c max_wal_size=16GB -c checkpoint_timeout=30min -c synchronous_commit=off \
    -c jit=off -c random_page_cost=1.1 -c log_min_duration_statement=-1"
  if [[ $1 == load ]]; then
    options+=" -c wal_level=minimal -c max_wal_senders=0 -c autovacuum=off -c maintenance_work_mem=2GB"
  elif [[ $1 == standby ]]; then
    options+=" -c hot_standby=on"
  fi
  echo "$options"
}
# start_cluster <folder holding data/> <profile> <port>
start_cluster() {
  as_postgres "$PG_CTL" -D "$1/data" -l "$1/postgres.log" -w -t 300 start -o "$(pg_options "$2" "$3" "$1")" >/dev/null \
    || { tail -n 30 "$1/postgres.log" >&2; die "PostgreSQL in $1 did not start"; }
}
# own_folder <folder>: create it for the postgres user.
own_folder() {
  mkdir -p "$1"
  chmod 755 "$1"
  if [[ $EUID -eq 0 ]]; then chown postgres: "$1"; fi
}

# The bench's cluster: temporary, or kept in BENCH_PG_DIR (marked as the bench's, with seed.env once seeded).
CLUSTER_MARK=.backend-bench-cluster
SEED_ENV=seed.env
PG_SEEDED=0
PG_PROFILE=""
init_cluster() {
  [[ -x $PG_BIN/initdb ]] || die "initdb not found in $PG_BIN"
  if [[ $EUID -eq 0 ]]; then id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run PostgreSQL"; fi
  if [[ -n $BENCH_PG_DIR ]]; then
    PG_DIR=$BENCH_PG_DIR
    PG_KEEP=1
    if [[ -f $PG_DIR/data/PG_VERSION ]]; then
      [[ -f $PG_DIR/$CLUSTER_MARK ]] || die "$PG_DIR holds a cluster the bench did not create; choose another BENCH_PG_DIR"
      [[ $(cat "$PG_DIR/data/PG_VERSION") == $("$PG_BIN/postgres" --version | sed 's/.* \([0-9]*\)\..*/\1/') ]] \
        || die "$PG_DIR was created by PostgreSQL $(cat "$PG_DIR/data/PG_VERSION"), not by $PG_BIN"
      if [[ -f $PG_DIR/$SEED_ENV ]]; then
        if [[ -n $SEED_SIZE_GIVEN ]] && { ! grep -qx "SEED_ENTITIES=$SEED_ENTITIES" "$PG_DIR/$SEED_ENV" \
          || ! grep -qx "SEED_RELATIONSHIPS=$SEED_RELATIONSHIPS" "$PG_DIR/$SEED_ENV"; }; then
          die "$PG_DIR holds another seed ($(head -n 2 "$PG_DIR/$SEED_ENV" | tr '\n' ' ')); remove it or choose another BENCH_PG_DIR"
        fi
        PG_SEEDED=1
        return 0
      fi
      log "$PG_DIR holds no finished seed (an interrupted run?): initialising it again"
      stop_cluster "$PG_DIR" "the stale cluster"
      rm -rf "$PG_DIR/data"
    elif [[ -d $PG_DIR && -n $(ls -A "$PG_DIR" 2>/dev/null) && ! -f $PG_DIR/$CLUSTER_MARK ]]; then
      die "$PG_DIR is not empty and not a bench cluster; choose another BENCH_PG_DIR"
    fi
    own_folder "$PG_DIR"
    touch "$PG_DIR/$CLUSTER_MARK"
  else
    PG_DIR=$(mktemp -d /tmp/backend-bench-pg.XXXXXX)
    own_folder "$PG_DIR"
  fi
  log "initialising a PostgreSQL cluster in $PG_DIR"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$OUT/initdb.log" 2>&1 \
    || { cat "$OUT/initdb.log" >&2; die "initdb failed"; }
}
# Huge pages. In this VM a backend's first touch of each 4 kB page of shared memory costs a page fault that
# is ~50 times dearer than the read itself (360 buffers of a 2M/10M walk: 25–48 ms in a fresh backend, 0.6 ms
# in the same backend again; with 2 MB pages 0.75 ms in a fresh backend), and every pooled backend pays it again
# for every page of the 2.4 GB hot set. PostgreSQL (huge_pages=try, the default) maps shared_buffers with huge
# pages when the kernel has them reserved, so the bench reserves what its cluster(s) need and restores the
# previous vm.nr_hugepages at the end (pages another process still holds stay theirs until released).
hugepage_meminfo() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
reserve_huge_pages() {
  [[ $BENCH_HUGE_PAGES == 1 && $EUID -eq 0 && -w /proc/sys/vm/nr_hugepages ]] || return 0
  local sb_mb page_kb need available clusters=1
  case $BENCH_PG_SHARED_BUFFERS in
    *GB) sb_mb=$(( ${BENCH_PG_SHARED_BUFFERS%GB} * 1024 )) ;;
    *MB) sb_mb=${BENCH_PG_SHARED_BUFFERS%MB} ;;
    *) log "huge pages: shared_buffers=$BENCH_PG_SHARED_BUFFERS is not in MB or GB; not reserving"; return 0 ;;
  esac
  [[ $BENCH_REPLICA == 1 ]] && clusters=2
  page_kb=$(hugepage_meminfo Hugepagesize)
  # shared_buffers plus PostgreSQL's other shared memory (≈ 5 % and the per-connection structures), per cluster.
  need=$(( clusters * (sb_mb + sb_mb / 10 + 128) * 1024 / page_kb ))
  HUGE_PAGES_BEFORE=$(cat /proc/sys/vm/nr_hugepages)
  available=$(( $(hugepage_meminfo HugePages_Free) - $(hugepage_meminfo HugePages_Rsvd) ))
  if (( available < need )); then
    echo 1 >/proc/sys/vm/compact_memory 2>/dev/null || true
    echo $(( HUGE_PAGES_BEFORE + need - available )) >/proc/sys/vm/nr_hugepages || true
    available=$(( $(hugepage_meminfo HugePages_Free) - $(hugepage_meminfo HugePages_Rsvd) ))
  fi
  if (( available >= need )); then
    log "huge pages: $need × ${page_kb} kB available for PostgreSQL's shared memory (vm.nr_hugepages $HUGE_PAGES_BEFORE → $(cat /proc/sys/vm/nr_hugepages))"
  else
    log "huge pages: only $available of $need could be reserved (memory fragmented?); PostgreSQL falls back to 4 kB pages"
  fi
}
release_huge_pages() {
  if [[ -n $HUGE_PAGES_BEFORE ]]; then echo "$HUGE_PAGES_BEFORE" >/proc/sys/vm/nr_hugepages 2>/dev/null; HUGE_PAGES_BEFORE=""; fi
}

# start_primary <profile>
start_primary() {
  PG_PROFILE=$1
  rm -f "$PG_DIR/postgres.log"
  log "starting PostgreSQL ($1 settings, shared_buffers=$BENCH_PG_SHARED_BUFFERS) in $PG_DIR on port $PG_PORT"
  start_cluster "$PG_DIR" "$1" "$PG_PORT"
}
restart_primary() {
  stop_cluster "$PG_DIR" "PostgreSQL (to restart it with the $1 settings)"
  start_primary "$1"
}

if [[ -n ${DATABASE_URL:-} ]]; then
  [[ -z $BENCH_PG_DIR ]] || die "BENCH_PG_DIR and DATABASE_URL exclude each other"
  DB_URL=$DATABASE_URL
  log "using DATABASE_URL"
else
  init_cluster
  reserve_huge_pages
  PG_PORT=$(free_port)
  if [[ $PG_SEEDED == 1 ]]; then start_primary run; else start_primary load; fi
  if [[ -z $("$PSQL" -X -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'backend_bench'") ]]; then
    "$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE backend_bench" >/dev/null
  fi
  DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/backend_bench"
fi
# npgsql_url <port>: the URL the service and the bare app get for the cluster on that port.
npgsql_url() {
  if [[ -n ${BENCH_NPGSQL_OPTIONS:-} ]]; then
    echo "Host=127.0.0.1;Port=$1;Database=backend_bench;Username=postgres;$BENCH_NPGSQL_OPTIONS"
  else
    echo "postgresql://postgres@127.0.0.1:$1/backend_bench"
  fi
}
service_db_url() {
  if [[ -n ${BENCH_NPGSQL_OPTIONS:-} ]]; then
    [[ -n $PG_DIR ]] || die "BENCH_NPGSQL_OPTIONS needs the bench's own cluster (DATABASE_URL unset)"
    npgsql_url "$PG_PORT"
  else
    echo "$DB_URL"
  fi
}
SERVICE_ENV=()
if [[ -n ${BENCH_SERVICE_ENV:-} ]]; then read -r -a SERVICE_ENV <<<"$BENCH_SERVICE_ENV"; fi
# live: every subscriber reads as the first bench user, so the per-user stream limit (default 20) is lifted, and
# the process needs a descriptor per stream on both ends (the tool and the service inherit this shell's limit).
LIVE_NEED_FDS=$(( 2 * BENCH_LIVE_SUBSCRIBERS + 1024 ))
if (( $(ulimit -n) < LIVE_NEED_FDS )); then ulimit -n "$LIVE_NEED_FDS" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; fi
SERVICE_ENV=("EVENTS_MAX_CONNECTIONS=$(( BENCH_LIVE_SUBSCRIBERS + 10000 ))" \
  "EVENTS_MAX_CONNECTIONS_PER_USER=$(( BENCH_LIVE_SUBSCRIBERS + 100 ))" ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"})
psql_db() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$DB_URL" "$@"; }

# ---------------------------------------------------------------------------------------------- replica
# A streaming standby of the bench's cluster from the same binaries: pg_basebackup -R (it writes
# standby.signal and primary_conninfo), own folder and port, hot_standby on; ready once it has replayed up to
# the primary's WAL position taken after the backup.
REPLICA_PORT=""
READ_URL=""
start_replica() {
  REPLICA_DIR=$(mktemp -d /tmp/backend-bench-replica.XXXXXX)
  own_folder "$REPLICA_DIR"
  REPLICA_PORT=$(free_port)
  log "replica: pg_basebackup of the primary into $REPLICA_DIR ($(psql_db -At -c "SELECT pg_size_pretty(pg_database_size(current_database()))"))"
  local started=$SECONDS target
  as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$REPLICA_DIR/data" -R -X stream -c fast \
    >"$OUT/basebackup.log" 2>&1 || { cat "$OUT/basebackup.log" >&2; die "pg_basebackup failed"; }
  log "replica: starting it on port $REPLICA_PORT (backup took $(( SECONDS - started ))s)"
  start_cluster "$REPLICA_DIR" standby "$REPLICA_PORT"
  target=$(psql_db -At -c "SELECT pg_current_wal_lsn()")
  for _ in $(seq 1 600); do
    if [[ $("$PSQL" -X -At -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d backend_bench \
      -c "SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null) == t ]]; then
      READ_URL=$(npgsql_url "$REPLICA_PORT")
      log "replica: in recovery and replayed up to the primary's $target"
      return 0
    fi
    sleep 0.5
  done
  die "the replica did not replay up to $target within 300 s (see $REPLICA_DIR/postgres.log)"
}
# The service reads DATABASE_READ_URL only once that feature is in its build (issue 13, item 6); the variable
# name is a string literal in its assemblies (UTF-16 in the user-string heap).
service_reads_replica() {
  grep -qaP 'D\x00A\x00T\x00A\x00B\x00A\x00S\x00E\x00_\x00R\x00E\x00A\x00D\x00_\x00U\x00R\x00L\x00' "$APP_DIR"/Backend.*.dll 2>/dev/null
}
REPLICA_NOTE=""

# ---------------------------------------------------------------------------------------------- service
API_PORT=$(free_port)
API="http://127.0.0.1:$API_PORT"
JWT_SECRET_VALUE=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
# wait_ready <pid> <url> <what> <log>
wait_ready() {
  for _ in $(seq 1 240); do
    kill -0 "$1" 2>/dev/null || { tail -n 20 "$4" >&2; die "$3 exited during startup"; }
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  curl -fsS -o /dev/null "$2" || die "$3 did not become ready within 120 s"
}
# start_service [read URL]
start_service() {
  local read_env=()
  if [[ -n ${1:-} ]]; then read_env=("DATABASE_READ_URL=$1"); fi
  log "starting the service on port $API_PORT (DB_POOL_SIZE=$BENCH_DB_POOL_SIZE, DB_MAX_OVERFLOW=$BENCH_DB_MAX_OVERFLOW${1:+, DATABASE_READ_URL → replica})"
  # Login and registration are rate-limited per client address (20/min by default): the load generator is one
  # address, so the limit is lifted for the run. Access tokens live a day so no scenario outlives its token.
  env ASPNETCORE_ENVIRONMENT=Production DATABASE_URL="$(service_db_url)" PORT="$API_PORT" LOG_LEVEL=WARNING \
    JWT_SECRET="$JWT_SECRET_VALUE" JWT_ACCESS_TTL=1d \
    DB_POOL_SIZE="$BENCH_DB_POOL_SIZE" DB_MAX_OVERFLOW="$BENCH_DB_MAX_OVERFLOW" \
    AUTH_RATE_LIMIT=1000000 AUTH_RATE_WINDOW=1s ${read_env[@]+"${read_env[@]}"} ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"} \
    "$APP_DIR/Backend.Api" >>"$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  wait_ready "$SERVICE_PID" "$API/health/ready" "the service" "$OUT/service.log"
  log "service ready: $(curl -fsS "$API/health/ready")"
}
stop_service() { stop_process "$SERVICE_PID" "the service"; SERVICE_PID=""; }

# The bare baseline (bench/bare): same database URL, pool size, auto-prepare and no-reset-on-close as the service, Production,
# logging at Warning, its own free port.
BARE_PORT=$(free_port)
BARE_API="http://127.0.0.1:$BARE_PORT"
start_bare() {
  log "starting the bare app on port $BARE_PORT"
  env ASPNETCORE_ENVIRONMENT=Production DATABASE_URL="$(service_db_url)" PORT="$BARE_PORT" \
    DB_POOL_SIZE="$BENCH_DB_POOL_SIZE" DB_MAX_OVERFLOW="$BENCH_DB_MAX_OVERFLOW" Logging__LogLevel__Default=Warning \
    "$BARE_DIR/BareApi" >"$OUT/bare.log" 2>&1 &
  BARE_PID=$!
  wait_ready "$BARE_PID" "$BARE_API/health" "the bare app" "$OUT/bare.log"
}

: >"$OUT/service.log"
start_service

# CPU time (clock ticks, utime + stime) of a process, and of a whole PostgreSQL cluster: the postmaster, its
# live children, and (cutime + cstime of the postmaster) the children that already exited.
CLK_TCK=$(getconf CLK_TCK)
# (cat skips a process that exited since it was listed: its ticks are then in the postmaster's cutime + cstime.)
ticks_of() { cat "$@" 2>/dev/null | awk '{ s += $14 + $15 } END { print s + 0 }'; }
# cluster_ticks <data folder>, empty when it is not the bench's own running cluster
cluster_ticks() {
  [[ -n $1 && -f $1/postmaster.pid ]] || { echo ""; return 0; }
  local master files=() child
  master=$(head -n 1 "$1/postmaster.pid")
  for child in $(pgrep -P "$master"); do files+=("/proc/$child/stat"); done
  echo $(( $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$master/stat") + $(ticks_of "${files[@]}") ))
}
# The server under test (the service, or the bare app for bare get): its CPU and RSS are what the row reports.
TARGET_PID=""
target_pid() { echo "${TARGET_PID:-$SERVICE_PID}"; }
service_ticks() { ticks_of "/proc/$(target_pid)/stat"; }
pg_ticks() { [[ -n $PG_DIR ]] && cluster_ticks "$PG_DIR/data" || echo ""; }
replica_ticks() { [[ -n $REPLICA_DIR ]] && cluster_ticks "$REPLICA_DIR/data" || echo ""; }
# us_per <ticks before> <ticks after> <requests>
us_per() { if [[ -z $1 || -z $2 || $3 == 0 ]]; then echo "—"; else calc "($2 - $1) * 1000000 / $CLK_TCK / $3" | xargs printf '%.0f'; fi; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$(target_pid)/status" 2>/dev/null || echo 0; }

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
SEED_SECONDS=""
seed() {
  log "seeding $SEED_ENTITIES entities and $SEED_RELATIONSHIPS relationships"
  local started=$SECONDS
  psql_db -v entities="$SEED_ENTITIES" -v relationships="$SEED_RELATIONSHIPS" -v user_id="$USER_ID" \
    -v types="{$ENTITY_TYPES}" -v maint_workers="$MAINT_WORKERS" -f "$BENCH_DIR/sql/seed.sql" >"$OUT/seed.log" 2>&1 \
    || { cat "$OUT/seed.log" >&2; die "seeding failed"; }
  SEED_SECONDS=$(( SECONDS - started ))
  log "seeded in ${SEED_SECONDS}s ($(psql_db -At -c "SELECT pg_size_pretty(pg_database_size(current_database()))"); step times in $OUT/seed.log)"
}
# The kept cluster's seed: sizes from seed.env; the rows scenarios created since (created_at after the seed's
# end, SEED_CUTOFF; every seeded row is older) are deleted so each run sees the same dataset.
reuse_kept_seed() {
  local cutoff deleted
  SEED_ENTITIES=$(sed -n 's/^SEED_ENTITIES=//p' "$PG_DIR/$SEED_ENV")
  SEED_RELATIONSHIPS=$(sed -n 's/^SEED_RELATIONSHIPS=//p' "$PG_DIR/$SEED_ENV")
  cutoff=$(sed -n 's/^SEED_CUTOFF=//p' "$PG_DIR/$SEED_ENV")
  log "reusing the seed kept in $PG_DIR ($SEED_ENTITIES entities, $SEED_RELATIONSHIPS relationships, $(sed -n 's/^SEEDED_AT=//p' "$PG_DIR/$SEED_ENV"))"
  [[ -n $cutoff ]] || die "$PG_DIR/$SEED_ENV has no SEED_CUTOFF; remove the folder and seed again"
  # Entities are deleted with the foreign-key triggers off (session_replication_role = replica): each deleted entity's
  # own check would scan entity_relationships, whose edge indexes are partial (is_active) and so cannot serve it,
  # which at 10M relationships takes hours. The same guarantee is checked once, set-wise, before: no remaining row of
  # any table refers to an entity about to go. The counters are recounted after.
  deleted=$(psql_db -At -v cutoff="$cutoff" <<'SQL'
BEGIN;
DELETE FROM backend_entities.entity_relationships WHERE created_at > :'cutoff';
CREATE TEMP TABLE bench_gone ON COMMIT DROP AS SELECT id FROM backend_entities.entities WHERE created_at > :'cutoff';
DO $$
DECLARE fk record; referenced boolean;
BEGIN
    FOR fk IN SELECT c.conrelid::regclass AS tab, a.attname AS col
              FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              WHERE c.contype = 'f' AND c.confrelid = 'backend_entities.entities'::regclass LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s t JOIN bench_gone g ON g.id = t.%I)', fk.tab, fk.col) INTO referenced;
        IF referenced THEN
            RAISE EXCEPTION '%.% refers to entities created after the seed', fk.tab, fk.col;
        END IF;
    END LOOP;
END $$;
SET LOCAL session_replication_role = replica;
WITH e AS (DELETE FROM backend_entities.entities e USING bench_gone g WHERE e.id = g.id RETURNING 1)
SELECT count(*) FROM e;
SET LOCAL session_replication_role = origin;
SELECT backend_entities.recount_graph_counts();
COMMIT;
SQL
  ) || die "could not delete the rows earlier runs created (rows of other tables refer to them?); remove $PG_DIR and seed again"
  deleted=$(echo "$deleted" | grep -E '^[0-9]+$' | head -n 1)
  if (( deleted > 0 )); then
    log "deleted $deleted entities earlier runs created (and their relationships); vacuuming"
    psql_db -c "VACUUM (ANALYZE) backend_entities.entities" -c "VACUUM (ANALYZE) backend_entities.entity_relationships"
  fi
}
EXISTING=$(psql_db -At -c "SELECT count(*) FROM (SELECT 1 FROM backend_entities.entities LIMIT 1) x")
if [[ $PG_SEEDED == 1 ]]; then
  reuse_kept_seed
elif [[ $EXISTING != 0 ]]; then
  [[ ${BENCH_REUSE_DATA:-0} == 1 ]] || die "the database already holds entities; use an empty database or BENCH_REUSE_DATA=1"
  SEED_ENTITIES=$(psql_db -At -c "SELECT count(*) FROM bench.ids")
  log "reusing the seeded data ($SEED_ENTITIES ids in bench.ids)"
  SEED_RELATIONSHIPS=$(psql_db -At -c "SELECT count(*) FROM backend_entities.entity_relationships")
else
  seed
  if [[ $PG_KEEP == 1 ]]; then
    printf 'SEED_ENTITIES=%s\nSEED_RELATIONSHIPS=%s\nSEED_CUTOFF=%s\nSEEDED_AT=%s\nSEED_SECONDS=%s\n' "$SEED_ENTITIES" \
      "$SEED_RELATIONSHIPS" "$(psql_db -At -c "SELECT clock_timestamp()")" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$SEED_SECONDS" \
      >"$PG_DIR/$SEED_ENV"
  fi
fi

# The scenarios run against the "run" settings, beside a replica when asked: restart what has to change.
if [[ -n $PG_DIR && $PG_PROFILE != run ]]; then
  stop_service
  restart_primary run
fi
if [[ $BENCH_REPLICA == 1 ]]; then
  start_replica
  stop_service
  if service_reads_replica; then
    start_service "$READ_URL"
  else
    REPLICA_NOTE="this build of the service does not read DATABASE_READ_URL (issue 13, item 6, not merged yet): the replica ran beside the primary but served no reads"
    log "NOTE: $REPLICA_NOTE"
    start_service
  fi
fi
[[ -n $SERVICE_PID ]] || start_service
start_bare

# A freshly started cluster has empty shared_buffers: load the tables and indexes the read scenarios walk (the
# entities, their primary key and both covering edge indexes), as a database that has served traffic would have
# them. BENCH_PREWARM=0 measures from cold buffers instead.
if [[ ${BENCH_PREWARM:-1} == 1 ]]; then
  log "prewarming shared_buffers (pg_prewarm: entities, entities_pkey, edge indexes)"
  psql_db -At -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
    -c "SELECT c.relname || ' ' || pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'backend_entities' AND c.relname IN ('entities', 'entities_pkey',
          'entity_relationships_outgoing_idx', 'entity_relationships_incoming_idx')" >"$OUT/prewarm.log" 2>&1 \
    || log "prewarm failed (see $OUT/prewarm.log); measuring from cold buffers"
  if [[ -n $REPLICA_PORT ]]; then # the extension reaches the standby through the WAL
    sleep 2
    "$PSQL" -X -q -At -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d backend_bench \
      -c "SELECT c.relname || ' ' || pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'backend_entities' AND c.relname IN ('entities', 'entities_pkey',
            'entity_relationships_outgoing_idx', 'entity_relationships_incoming_idx')" >>"$OUT/prewarm.log" 2>&1 \
      || log "prewarming the replica failed (see $OUT/prewarm.log)"
  fi
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
    while kill -0 "$(target_pid)" 2>/dev/null; do
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
    wrk -t "$threads" -c "$2" -d "${3}s" --timeout 10s -s "$BENCH_DIR/wrk/scenario.lua" "${TARGET_URL:-$API}" >"$4" 2>&1 \
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

# results.tsv, one row per scenario: name, target, requests/s (number, for the ratios), requests/s (text),
# p50 ms, p99 ms, errors, peak RSS MB, server CPU µs/req, PostgreSQL CPU µs/req, replica CPU µs/req,
# load average (1 min) at the scenario's start → end, verdict. The report computes both ratios from column 3.
RESULTS_TSV="$OUT/results.tsv"
: >"$RESULTS_TSV"
PGBENCH_TPS=""
BARE_RPS=""
# tsv_row <13 fields>
tsv_row() { local IFS=$'\t'; echo "$*" >>"$RESULTS_TSV"; }
# record <scenario> <target text> <verdict kind> <wrk output>
record() {
  local name=$1 target=$2 kind=$3 file=$4 requests duration p50 p99 errors rps rss verdict extra="" svc_us pg_us replica_us
  requests=$(result_field "$file" requests)
  duration=$(result_field "$file" duration_us)
  p50=$(calc "$(result_field "$file" p50_us) / 1000")
  p99=$(calc "$(result_field "$file" p99_us) / 1000")
  errors=$(( $(result_field "$file" status) + $(result_field "$file" connect) + $(result_field "$file" read) \
    + $(result_field "$file" write) + $(result_field "$file" timeout) ))
  rps=$(calc "$requests / ($duration / 1000000)")
  rss=$(calc "$(cat "$RSS_PEAK_FILE") / 1024")
  svc_us=$(us_per "$SVC_T0" "$SVC_T1" "$requests")
  pg_us=$(us_per "$PG_T0" "$PG_T1" "$requests")
  replica_us=$(us_per "$REPLICA_T0" "$REPLICA_T1" "$requests")
  case "$kind" in
    get) verdict=$(calc "($rps >= 0.8 * ${BARE_RPS:-0} && $p99 <= 25 && $errors == 0) ? \"met\" : \"missed\"") ;;
    rps1500) verdict=$(calc "($rps >= 1500 && $errors == 0) ? \"met\" : \"missed\"") ;;
    live) verdict=$(calc "($rps >= 0.8 * $LIVE_BASE_RPS && $errors == 0) ? \"met\" : \"missed\"")
      extra=" (= $(calc "$rps / $LIVE_BASE_RPS" | xargs printf '%.2f') × without)" ;;
    batch) verdict=$(calc "($rps * $BENCH_BATCH_SIZE >= 25000 && $errors == 0) ? \"met\" : \"missed\"")
      extra=" (= $(calc "$rps * $BENCH_BATCH_SIZE") entities/s)" ;;
    neighbors) verdict=$(calc "($p99 <= 50 && ${svc_us/—/0} <= 500 && $errors == 0) ? \"met\" : \"missed\"") ;;
    login) verdict=$(calc "($rps >= $LOGIN_TARGET && $rss <= 300 && $errors == 0) ? \"met\" : \"missed\"") ;;
    *) verdict=$(calc "($errors == 0) ? \"no errors\" : \"errors\"") ;;
  esac
  if [[ $(calc "($rss > 400) ? 1 : 0") == 1 ]]; then verdict="$verdict; RSS > 400 MB"; fi
  tsv_row "$name" "$target" "$rps" "$(printf '%.0f' "$rps")$extra" "$(printf '%.2f' "$p50")" "$(printf '%.2f' "$p99")" \
    "$errors" "$(printf '%.0f' "$rss")" "$svc_us" "$pg_us" "$replica_us" "$LOAD_T0 → $LOAD_T1" "$verdict"
  log "$name: $(printf '%.0f' "$rps") req/s$extra, p50 $(printf '%.2f' "$p50") ms, p99 $(printf '%.2f' "$p99") ms, errors $errors, peak RSS $(printf '%.0f' "$rss") MB, CPU µs/req server $svc_us PostgreSQL $pg_us${REPLICA_DIR:+ replica $replica_us}, load $LOAD_T0 → $LOAD_T1 → $verdict"
}
skip() { tsv_row "$1" "$2" "" — — — — — — — — — "skipped: $3"; log "$1: skipped ($3)"; }

# bench <scenario> <target text> <verdict kind> <connections>; TARGET_URL / TARGET_PID name another server.
bench() {
  local name=$1 file="$OUT/wrk-$1.txt"
  scenario_start
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
SVC_T0="" SVC_T1="" PG_T0="" PG_T1="" REPLICA_T0="" REPLICA_T1="" LOAD_T0="" LOAD_T1=""
load1() { cut -d' ' -f1 /proc/loadavg; }
scenario_start() { LOAD_T0=$(load1); }
measure_start() { SVC_T0=$(service_ticks); PG_T0=$(pg_ticks); REPLICA_T0=$(replica_ticks); }
measure_stop() { SVC_T1=$(service_ticks); PG_T1=$(pg_ticks); REPLICA_T1=$(replica_ticks); LOAD_T1=$(load1); }

# ---------------------------------------------------------------------------------------------- serve
if [[ $MODE == serve ]]; then
  trap 'exit 0' INT TERM
  printf 'API=%q\nTOKEN=%q\nDB_URL=%q\nSERVICE_PID=%q\nIDS_FILE=%q\nBARE_API=%q\nBARE_PID=%q\nREAD_URL=%q\n' "$API" "$TOKEN" "$DB_URL" \
    "$SERVICE_PID" "$IDS_FILE" "$BARE_API" "$BARE_PID" "$READ_URL" >"$OUT/serve.env"
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
# run_pgbench_sql <row name> <target text> <script in bench/sql> <clients> [pgbench -D name=value ...]: PostgreSQL alone
# running one of the service's statements (no service, no HTTP) at the given clients. Leaves the run's transactions
# per second in SQL_TPS and appends its row (requests/s = transactions/s; PostgreSQL CPU per transaction).
SQL_TPS=""
run_pgbench_sql() {
  local name=$1 target=$2 file=$3 script="$BENCH_DIR/sql/$3" clients=$4 pgb_dir failed p50 p99 n tx out warmup
  shift 4
  local defs=("$@")
  out="$OUT/${file%.sql}.txt"
  warmup=$(( BENCH_WARMUP < 5 ? BENCH_WARMUP : 5 ))
  log "$name: pgbench for ${BENCH_DURATION}s"
  scenario_start
  pgb_dir=$(mktemp -d "$OUT/pgbench.XXXXXX")
  if (( warmup > 0 )); then
    "$PGBENCH" -n -M prepared -c "$clients" -j "$BENCH_THREADS" -T "$warmup" "${defs[@]}" -f "$script" "$DB_URL" \
      >"$OUT/pgbench-warmup.txt" 2>&1 || { cat "$OUT/pgbench-warmup.txt" >&2; die "pgbench failed ($file)"; }
  fi
  measure_start
  (cd "$pgb_dir" && "$PGBENCH" -n -M prepared -c "$clients" -j "$BENCH_THREADS" -T "$BENCH_DURATION" "${defs[@]}" \
    -l --log-prefix=pgbench -f "$script" "$DB_URL" >"$out" 2>&1) || { cat "$out" >&2; die "pgbench failed ($file)"; }
  measure_stop
  SQL_TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out" | head -n 1)
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
  # Per-transaction log: column 3 is the latency in microseconds.
  cat "$pgb_dir"/pgbench.* | awk '{ print $3 }' | sort -n >"$pgb_dir/latencies"
  n=$(wc -l <"$pgb_dir/latencies")
  if (( n == 0 )); then
    log "WARNING: pgbench completed no transaction in ${BENCH_DURATION}s (see $out)"
    SQL_TPS=""
    p50=0 p99=0
  else
    p50=$(calc "$(sed -n "$(( (n + 1) / 2 ))p" "$pgb_dir/latencies") / 1000")
    p99=$(calc "$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$pgb_dir/latencies") / 1000")
  fi
  rm -rf "$pgb_dir"
  tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
  SQL_ROW=("$name" "$target" "$(printf '%.0f' "${SQL_TPS:-0}")" "$(printf '%.2f' "$p50")" "$(printf '%.2f' "$p99")" "${failed:-0}" \
    "$(us_per "$PG_T0" "$PG_T1" "${tx:-0}")")
  log "$name: $(printf '%.0f' "${SQL_TPS:-0}") tps, p50 $(printf '%.2f' "$p50") ms, p99 $(printf '%.2f' "$p99") ms, load $LOAD_T0 → $LOAD_T1"
}
# sql_row [requests/s for the ratios] [requests/s text]: the row of the last run_pgbench_sql.
sql_row() {
  tsv_row "${SQL_ROW[0]}" "${SQL_ROW[1]}" "${1:-}" "${2:-${SQL_ROW[2]}}" "${SQL_ROW[3]}" "${SQL_ROW[4]}" "${SQL_ROW[5]}" "—" "—" \
    "${SQL_ROW[6]}" "—" "$LOAD_T0 → $LOAD_T1" "—"
}

# The database's ceiling for the get-by-id statement: the first ratio's denominator.
run_pgbench() {
  run_pgbench_sql "pgbench get-by-id (SQL only)" "ceiling" pgbench_get_by_id.sql "$BENCH_CONNECTIONS" -D count="$SEED_ENTITIES"
  PGBENCH_TPS=$SQL_TPS
  sql_row "$PGBENCH_TPS"
}

# The write and walk scenarios' statements run by PostgreSQL alone, at the concurrency the service puts inside the
# database for that scenario: what the scenario's row could reach with a service that cost nothing.
BENCH_USER_ID=""
sql_ceiling() {
  # The rows the statements write are created by a registered bench user, as the service's are.
  [[ -n $BENCH_USER_ID ]] || BENCH_USER_ID=$(psql_db -At -c "SELECT id FROM backend_auth.users ORDER BY created_at LIMIT 1")
  case "$1" in
    create)
      run_pgbench_sql "pgbench create (SQL only)" "PostgreSQL alone: the create scenario's ceiling" pgbench_create.sql \
        "$BENCH_CONNECTIONS" -D user_id="$BENCH_USER_ID"
      sql_row ;;
    batch)
      # The service lets DB_BATCH_CONCURRENCY batches into the database at once (its default, 4: the bench does not set it).
      run_pgbench_sql "pgbench batch of $BENCH_BATCH_SIZE (SQL only, 4 clients)" "PostgreSQL alone: the batch scenario's ceiling" \
        pgbench_batch.sql 4 -D user_id="$BENCH_USER_ID"
      sql_row "" "$(printf '%.0f' "${SQL_TPS:-0}") (= $(calc "${SQL_TPS:-0} * $BENCH_BATCH_SIZE" | xargs printf '%.0f') entities/s)" ;;
    neighbors)
      run_pgbench_sql "pgbench neighbors depth 2 (SQL only)" "PostgreSQL alone: the neighbors scenario's ceiling" pgbench_neighbors.sql \
        "$BENCH_CONNECTIONS" -D count="$SEED_ENTITIES"
      sql_row ;;
  esac
}

# The framework's ceiling: the bare app (bench/bare) serving the same statement to the get scenario's wrk run
# (same ids, connections, threads, warm-up and duration). Its CPU and RSS fill the server columns of its row.
run_bare_get() {
  TARGET_URL=$BARE_API TARGET_PID=$BARE_PID bench bare-get "baseline (bench/bare: minimal API + Dapper, same statement)" other "$BENCH_CONNECTIONS"
  BARE_RPS=$(awk -F'\t' '$1 == "bare-get" { v = $3 } END { print v }' "$RESULTS_TSV")
}

run_pgbench
run_bare_get

# ---------------------------------------------------------------------------------------------- live
# The create scenario without subscribers, then again with BENCH_LIVE_SUBSCRIBERS live streams (bench/live: half
# WebSocket, half SSE by default) that receive every event it makes. Rows: the create rate without and with (and
# the ratio), and the delivery delay from each event's commit timestamp to its arrival at the subscriber.
LIVE_BASE_RPS=""
bench_live() {
  local tool="$BENCH_DIR/live/bin/Release/net10.0/LiveBench.dll" ready="$OUT/live-ready" measure="$OUT/live-measure" result="$OUT/live.txt" live_pid n
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
  rm -f "$ready" "$measure"
  API=$API TOKEN=$TOKEN SUBSCRIBERS=$BENCH_LIVE_SUBSCRIBERS WS_SHARE=$BENCH_LIVE_WS_SHARE PROBE_RATE=$BENCH_LIVE_PROBE_RATE \
    READY_FILE=$ready MEASURE_FILE=$measure dotnet "$tool" >"$result" 2>"$OUT/live.log" &
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
  # The window starts when the file appears (a signal would not do: under nohup the tool inherits SIGHUP ignored).
  touch "$measure"
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
  tsv_row \
    "live: delivery commit → arrival, $n subscribers ($(live_field websocket) WebSocket, $(live_field sse) SSE)" "p99 ≤ 100 ms, nothing lost" "" \
    "$(calc "$deliveries / $window" | xargs printf '%.0f') deliveries/s ($events events)" \
    "$(printf '%.2f' "$p50")" "$(printf '%.2f' "$p99")" "$errors" "$(calc "$(cat "$RSS_PEAK_FILE") / 1024" | xargs printf '%.0f')" "—" "—" "—" "$LOAD_T0 → $LOAD_T1" \
    "$verdict; max $(printf '%.0f' "$max") ms; $deliveries delivered, $dropped dropped, $missed missed, $order out of order, $gaps gaps; $probe; subscriber tool $(printf '%.2f' "$tool_cores") cores"
  log "live: $events events × $n subscribers: $deliveries delivered, p50 $(printf '%.2f' "$p50") ms, p99 $(printf '%.2f' "$p99") ms, max $(printf '%.0f' "$max") ms; dropped $dropped, missed $missed, out of order $order, gaps $gaps, errors $errors → $verdict"
  log "live: $probe; subscriber tool $(printf '%.2f' "$tool_cores") cores (thread-pool queue max $(live_field tool_pending_max))"
}

# ---------------------------------------------------------------------------------------------- scenarios
# The service's shared pipeline (authentication, middleware, logging, serialization) is compiled by the tiered JIT
# under load once, before the first scenario, so the first scenario is not the one that pays for it.
if (( BENCH_SERVICE_WARMUP > 0 )); then
  log "warming the service up: ${BENCH_SERVICE_WARMUP}s of get by id"
  run_wrk get "$BENCH_CONNECTIONS" "$BENCH_SERVICE_WARMUP" "$OUT/wrk-service-warmup.txt"
fi
LOGIN_TARGET=""
for scenario in "${SCENARIOS[@]}"; do
  case "$scenario" in
    health) bench health "—" other "$BENCH_CONNECTIONS" ;;
    get) bench get "≥ 0.8 × bare get, p99 ≤ 25 ms, 0 errors" get "$BENCH_CONNECTIONS" ;;
    list) bench list "≥ 1,500/s" rps1500 "$BENCH_CONNECTIONS" ;;
    create) sql_ceiling create; bench create "≥ 1,500/s" rps1500 "$BENCH_CONNECTIONS" ;;
    live) bench_live ;;
    batch) sql_ceiling batch; bench batch "≥ 25,000 entities/s" batch "$BENCH_CONNECTIONS" ;;
    neighbors)
      code=$(status_of -H "Authorization: Bearer $TOKEN" "$API/api/v1/entities/$SAMPLE_ID/neighbors?depth=2")
      if [[ $code == 404 ]]; then
        skip neighbors "p99 ≤ 50 ms, ≤ 500 µs service CPU (2M/10M)" "GET /api/v1/entities/{id}/neighbors answers 404: the endpoint is not in this build"
      else
        sql_ceiling neighbors
        bench neighbors "p99 ≤ 50 ms, ≤ 500 µs service CPU (on 2M/10M; seeded $SEED_ENTITIES/$SEED_RELATIONSHIPS)" neighbors "$BENCH_CONNECTIONS"
      fi
      ;;
    login)
      # "One hash's time": a single client's login latency (the Argon2id hash plus a few ms of HTTP and SQL).
      scenario_start
      start_rss_sampler
      run_wrk login 1 "$BENCH_WARMUP" "$OUT/wrk-login-1-warmup.txt" 1
      measure_start
      run_wrk login 1 "$BENCH_DURATION" "$OUT/wrk-login-1.txt" 1
      measure_stop
      stop_rss_sampler
      HASH_MS=$(calc "$(result_field "$OUT/wrk-login-1.txt" p50_us) / 1000")
      LOGIN_TARGET=$(calc "0.8 * $CORES / ($HASH_MS / 1000)")
      record "login, 1 client (one hash's time)" "basis of the login target" other "$OUT/wrk-login-1.txt"
      bench login "≥ 0.8 × $CORES cores ÷ $(printf '%.1f' "$HASH_MS") ms = $(printf '%.0f' "$LOGIN_TARGET")/s, peak RSS ≤ 300 MB" login "$BENCH_LOGIN_CONNECTIONS"
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
LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Backend bench, $(date -u '+%Y-%m-%d %H:%M UTC'): $CORES cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))," \
    "$(( RAM_MB / 1024 )) GB RAM; load average (1/5/15 min) $LOAD_AT_START at the start, $LOAD_AT_END at the end;" \
    "seed $SEED_ENTITIES entities / $SEED_RELATIONSHIPS relationships$( [[ $PG_KEEP == 1 ]] && echo " (kept in $PG_DIR)");" \
    "$BENCH_CONNECTIONS connections (login $BENCH_LOGIN_CONNECTIONS), ${BENCH_WARMUP}s warm-up + ${BENCH_DURATION}s per scenario;" \
    "service and bare app DB_POOL_SIZE=$BENCH_DB_POOL_SIZE DB_MAX_OVERFLOW=$BENCH_DB_MAX_OVERFLOW." \
    "All targets also need peak RSS ≤ 400 MB."
  if [[ $BENCH_REPLICA == 1 ]]; then
    echo
    if [[ -n $REPLICA_NOTE ]]; then echo "Replica run: $REPLICA_NOTE."
    else echo "Replica run: the service reads through DATABASE_READ_URL from a streaming standby (pg_basebackup -R) of the primary on the same machine."; fi
  fi
  echo
  header="| scenario | target | requests/s | p50 ms | p99 ms | errors | peak RSS MB | ratio to pgbench get-by-id | ratio to bare get | server CPU µs/req | PostgreSQL CPU µs/req |"
  rule="|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  if [[ $BENCH_REPLICA == 1 ]]; then header+=" replica CPU µs/req |"; rule+="---:|"; fi
  echo "$header load avg 1 min (start → end) | verdict |"
  echo "$rule---|---|"
  awk -F'\t' -v pg="$PGBENCH_TPS" -v bare="$BARE_RPS" -v replica="$BENCH_REPLICA" '
    function ratio(v, base) { return (v == "" || base == "" || base == 0) ? "—" : sprintf("%.3f", v / base) }
    {
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", $1, $2, $4, $5, $6, $7, $8, ratio($3, pg), ratio($3, bare), $9, $10
      if (replica == 1) printf " %s |", $11
      printf " %s | %s |\n", $12, $13
    }' "$RESULTS_TSV"
  echo
  echo "Server CPU is the service's process, or the bare app's on the bare-get row; PostgreSQL CPU is the primary cluster's."
} >"$RESULTS_MD"
echo
cat "$RESULTS_MD"
