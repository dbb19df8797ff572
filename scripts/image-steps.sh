#!/usr/bin/env bash
# Performs the Dockerfile's steps without Docker, for machines (and CI) without a Docker engine:
#   1. stage the build context from the Dockerfile's COPY lines and publish Backend.Api (Release);
#   2. start PostgreSQL (DATABASE_URL when given, else a throwaway local cluster);
#   3. run the published binary from the publish folder with the image's and compose's environment
#      (as an unprivileged user when run as root, like USER app);
#   4. wait for GET /health/ready = 200 and for the binary's `healthcheck` mode (the image's HEALTHCHECK)
#      to exit 0; check the migrations came from the publish folder's sql/;
#   5. stop the service with SIGTERM as `docker stop` does (exit 0 expected), then stop PostgreSQL and
#      remove the temporary files, also on failure.
# Exit 0 when all of it works; otherwise a message on stderr saying which step failed.
#
# Environment: DATABASE_URL (optional, an existing server), PORT (optional, default: a free port),
# READY_TIMEOUT (seconds, default 90), KEEP_WORK=1 (keep the temporary folder for inspection).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ready_timeout="${READY_TIMEOUT:-90}"
work="$(mktemp -d "${TMPDIR:-/tmp}/backend-image-steps.XXXXXX")"
chmod 755 "$work"
context="$work/context"
publish="$work/app"
pg_root="$work/pg"
api_log="$work/api.log"
pg_bin=""
pg_started=0
api_pid=""

say() { printf '[image-steps] %s\n' "$*"; }
fail() {
  printf '[image-steps] FAILED: %s\n' "$*" >&2
  exit 1
}

# Runs a command as the unprivileged user when this script runs as root (initdb and pg_ctl refuse root).
as_user() {
  local user="$1"
  shift
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

cleanup() {
  local status=$?
  set +e
  if [[ -n "$api_pid" ]]; then
    kill -TERM -- "-$api_pid" 2>/dev/null
    for _ in $(seq 1 100); do
      kill -0 -- "-$api_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$api_pid" 2>/dev/null
    wait "$api_pid" 2>/dev/null
  fi
  if [[ "$pg_started" -eq 1 ]]; then
    as_user postgres "$pg_bin/pg_ctl" -D "$pg_root/data" -m fast -w stop >/dev/null 2>&1
  fi
  if [[ "$status" -ne 0 && -f "$api_log" ]]; then
    printf '[image-steps] last lines of the service log:\n' >&2
    tail -n 40 "$api_log" >&2
  fi
  if [[ "${KEEP_WORK:-0}" == "1" ]]; then
    say "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

command -v dotnet >/dev/null || fail "dotnet is not on PATH"
command -v curl >/dev/null || fail "curl is not on PATH"
command -v setsid >/dev/null || fail "setsid (util-linux) is not on PATH"
command -v pgrep >/dev/null || fail "pgrep (procps) is not on PATH"
[[ -f "$repo/Dockerfile" ]] || fail "no Dockerfile in $repo"

# 1. The build context: exactly what the build stage COPYs (sources of COPY lines without --from),
#    without bin/ and obj/ (as .dockerignore), so a file the Dockerfile forgets breaks this build too.
mapfile -t sources < <(awk '/^FROM /{stage++} stage==1 && /^COPY / && !/--from/ {for (i = 2; i < NF; i++) print $i}' "$repo/Dockerfile")
[[ "${#sources[@]}" -gt 0 ]] || fail "found no COPY lines in the Dockerfile's build stage"
mkdir -p "$context"
(cd "$repo" && tar --exclude=bin --exclude=obj -cf - "${sources[@]}") | tar -C "$context" -xf - \
  || fail "could not stage the build context (${sources[*]})"

say "publishing Backend.Api (Release) to $publish"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
(cd "$context" \
  && dotnet restore Backend.Api/Backend.Api.csproj \
  && dotnet publish Backend.Api/Backend.Api.csproj -c Release -o "$publish" --no-restore -p:UseAppHost=false) \
  >"$work/publish.log" 2>&1 || { tail -n 40 "$work/publish.log" >&2; fail "dotnet publish failed"; }
chmod -R a+rX "$publish"

[[ -f "$publish/Backend.Api.dll" ]] || fail "Backend.Api.dll is not in the publish output"
shopt -s nullglob
published_sql=("$publish"/sql/*.sql)
repo_sql=("$repo"/sql/*.sql)
shopt -u nullglob
[[ "${#published_sql[@]}" -gt 0 ]] || fail "the publish output has no sql/*.sql migrations"
[[ "${#published_sql[@]}" -eq "${#repo_sql[@]}" ]] \
  || fail "the publish output has ${#published_sql[@]} migrations, the repository ${#repo_sql[@]}"
say "published $(du -sh "$publish" | cut -f1) with ${#published_sql[@]} migration(s) in sql/"

# 2. PostgreSQL: the given DATABASE_URL, or a throwaway cluster like compose's postgres service.
if [[ -n "${DATABASE_URL:-}" ]]; then
  database_url="$DATABASE_URL"
  say "using the given DATABASE_URL"
else
  if [[ -n "${PG_BIN:-}" ]]; then
    pg_bin="$PG_BIN"
  elif command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then
    pg_bin="$(pg_config --bindir)"
  else
    pg_bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)"
  fi
  [[ -n "$pg_bin" && -x "$pg_bin/initdb" ]] \
    || fail "no PostgreSQL binaries (apt-get install -y postgresql, set PG_BIN, or set DATABASE_URL)"
  if [[ "$(id -u)" -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 || fail "running as root and there is no 'postgres' user to run PostgreSQL as"
  fi

  pg_port="$(free_port)" || fail "found no free port for PostgreSQL"
  pg_password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  mkdir -p "$pg_root"
  printf '%s\n' "$pg_password" >"$pg_root/pwfile"
  if [[ "$(id -u)" -eq 0 ]]; then chown -R postgres "$pg_root"; fi
  chmod 700 "$pg_root"

  say "starting PostgreSQL from $pg_bin on port $pg_port"
  as_user postgres "$pg_bin/initdb" -D "$pg_root/data" -U backend --pwfile="$pg_root/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; fail "initdb failed"; }
  pg_started=1
  as_user postgres "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/server.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_root -c fsync=off" start >/dev/null \
    || { pg_started=0; cat "$pg_root/server.log" >&2; fail "PostgreSQL did not start"; }
  PGPASSWORD="$pg_password" "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U backend -d postgres -qAt \
    -c "CREATE DATABASE backend" >/dev/null || fail "could not create the database"
  database_url="postgresql://backend:${pg_password}@127.0.0.1:${pg_port}/backend"
fi

# 3. The published binary, started the way the image starts it: WORKDIR = the publish folder,
#    `dotnet Backend.Api.dll`, the image's ENV plus compose's environment.
port="${PORT:-$(free_port)}" || fail "found no free port for the service"
jwt_secret="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
run_user=""
mkdir -p "$work/home"
if [[ "$(id -u)" -eq 0 ]]; then
  run_user="nobody"
  chown "$run_user" "$work/home"
fi

service_env=(
  "PATH=$PATH"
  "HOME=$work/home"
  "DOTNET_NOLOGO=1"
  "ASPNETCORE_ENVIRONMENT=Production"
  "ASPNETCORE_HTTP_PORTS="
  "PORT=$port"
  "DATABASE_URL=$database_url"
  "JWT_SECRET=$jwt_secret"
)
if [[ -n "${DOTNET_ROOT:-}" ]]; then service_env+=("DOTNET_ROOT=$DOTNET_ROOT"); fi

as_run_user=()
if [[ -n "$run_user" ]]; then as_run_user=(runuser -u "$run_user" --); fi

# One command of the published binary, as the image runs it (foreground).
run_binary() {
  (cd "$publish" && "${as_run_user[@]}" env -i "${service_env[@]}" dotnet Backend.Api.dll "$@")
}

# The service in its own process group (setsid keeps this pid), so cleanup stops runuser and dotnet together.
start_service() {
  cd "$publish"
  exec setsid "${as_run_user[@]}" env -i "${service_env[@]}" dotnet Backend.Api.dll
}

say "starting the published service on port $port${run_user:+ as $run_user}"
start_service >"$api_log" 2>&1 &
api_pid=$!

# 4. Ready within the timeout: /health/ready answers 200 and the HEALTHCHECK command exits 0.
deadline=$((SECONDS + ready_timeout))
ready_body=""
until ready_body="$(curl -fsS --max-time 5 "http://127.0.0.1:$port/health/ready" 2>/dev/null)"; do
  kill -0 "$api_pid" 2>/dev/null || { wait "$api_pid" || true; fail "the service exited before it was ready"; }
  ((SECONDS < deadline)) || fail "GET /health/ready did not answer 200 within ${ready_timeout}s"
  sleep 1
done
say "GET /health/ready: 200 after $((SECONDS - deadline + ready_timeout))s"

curl -fsS --max-time 5 "http://127.0.0.1:$port/health" >/dev/null || fail "GET /health did not answer 200"
run_binary healthcheck >>"$work/healthcheck.log" 2>&1 \
  || { cat "$work/healthcheck.log" >&2; fail "the healthcheck mode (the image's HEALTHCHECK) did not exit 0"; }
say "healthcheck mode: exit 0"

# The schema version equals the number of scripts in the publish folder's sql/, so the migrations ran from there.
schema_version="$(printf '%s' "$ready_body" | grep -o '"schema_version":[0-9]*' | cut -d: -f2 || true)"
[[ "$schema_version" == "${#published_sql[@]}" ]] \
  || fail "schema version '$schema_version' does not match the ${#published_sql[@]} script(s) in $publish/sql (body: $ready_body)"
status_output="$(run_binary migrate status 2>&1)" || fail "migrate status failed: $status_output"
if grep -q '^pending' <<<"$status_output"; then fail "migrations still pending: $status_output"; fi
say "schema version $schema_version from $publish/sql; migrate status reports nothing pending"

if grep -q '"level":"WARNING"' "$api_log"; then
  say "warnings in the service log:"
  grep '"level":"WARNING"' "$api_log" | cut -c1-300
fi
if grep -q '"level":"\(ERROR\|CRITICAL\|FATAL\)"' "$api_log"; then fail "the service logged errors"; fi
# 5. `docker stop`: SIGTERM to the service, which must finish in-flight work and exit 0 within the grace period.
dotnet_pid="$(pgrep -g "$api_pid" -x dotnet | head -n 1 || true)"
[[ -n "$dotnet_pid" ]] || fail "could not find the service's dotnet process"
kill -TERM "$dotnet_pid"
for _ in $(seq 1 150); do
  kill -0 "$api_pid" 2>/dev/null || break
  sleep 0.2
done
if kill -0 "$api_pid" 2>/dev/null; then fail "the service did not stop within 30s of SIGTERM"; fi
stop_status=0
wait "$api_pid" || stop_status=$?
api_pid=""
[[ "$stop_status" -eq 0 ]] || fail "the service exited with $stop_status after SIGTERM (expected 0)"
say "SIGTERM: stopped with exit 0"

say "OK: the image's steps work without Docker"
