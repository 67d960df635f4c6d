#!/usr/bin/env bash
# Run every test of the Haumai solution.
#
#   scripts/test.sh [extra dotnet test args...]     e.g. scripts/test.sh --filter "Category!=Slow"
#
# Provisions the services the tests need (installing them via apt on a fresh
# Debian 12 machine, skipping whatever is already in place), builds the solution,
# runs every tests/*/*.csproj and prints, as the very last line:
#   "N passed, N failed"  or  "N passed, N failed, N skipped"
# Exit status is non-zero if any test failed, a project failed to run, or the
# build (or service setup) failed. A failure that is not a failing test (build
# failure, project without TRX, crashed test host, setup error) is counted as
# one failure in the summary so that the summary and the exit status agree.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SOLUTION="Haumai.slnx"
RESULTS_DIR="$ROOT/artifacts/test-results"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PASSED=0
FAILED=0
SKIPPED=0
PROBLEMS=()
SUMMARY_PRINTED=0

log() { printf '==> %s\n' "$*"; }

print_summary() {
  if ((SKIPPED > 0)); then
    printf '%d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
  else
    printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  fi
  SUMMARY_PRINTED=1
}

# If anything aborts the script early (set -e, service setup failure, signal),
# still end with a summary line that reports the failure.
on_exit() {
  local rc=$?
  if ((SUMMARY_PRINTED == 0)); then
    printf 'test.sh: ABORTED (exit status %d) before all tests ran; see messages above.\n' "$rc"
    FAILED=$((FAILED + 1))
    print_summary
  fi
}
trap on_exit EXIT

die() {
  printf 'test.sh: ERROR: %s\n' "$*"
  exit 1
}

# --- privilege helpers ------------------------------------------------------

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif [[ -t 0 ]]; then
    sudo "$@"
  else
    sudo -n "$@"
  fi
}

as_postgres() {
  # cd / so psql does not complain about an unreadable working directory.
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && sudo -n -u postgres -- "$@")
  fi
}

APT_UPDATED=0
apt_install() {
  if ((APT_UPDATED == 0)); then
    log "apt-get update"
    as_root apt-get -o DPkg::Lock::Timeout=300 update
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@"
}

# --- services -----------------------------------------------------------------
# One ensure_* function per service the tests need. Later services (postfix,
# dovecot) get their own ensure_* function here, called from main.

PG_PORT=5432

have_postgres_server() {
  command -v pg_ctlcluster >/dev/null 2>&1 &&
    command -v pg_lsclusters >/dev/null 2>&1 &&
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

pg_ready() {
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

ensure_postgres() {
  if ! have_postgres_server; then
    apt_install postgresql
    have_postgres_server || die "postgresql installed but server binaries not found"
  fi

  # Debian cluster listening on 5432: "ver name port status owner datadir logfile"
  local line
  line="$(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p { print; exit }')"
  if [[ -z "$line" ]]; then
    if pg_ready; then
      die "something other than a Debian PostgreSQL cluster is listening on 127.0.0.1:$PG_PORT"
    fi
    local newest
    newest="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' |
      awk -F/ '{ print $5 }' | sort -n | tail -n 1)"
    [[ -n "$newest" ]] || die "cannot determine installed PostgreSQL version"
    if pg_lsclusters -h | awk -v v="$newest" '$1 == v && $2 == "main" { f = 1 } END { exit !f }'; then
      die "cluster $newest/main exists but not on port $PG_PORT; fix it or remove it (pg_dropcluster)"
    fi
    log "creating PostgreSQL cluster $newest/main on port $PG_PORT"
    as_root pg_createcluster "$newest" main --port "$PG_PORT"
    line="$(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p { print; exit }')"
    [[ -n "$line" ]] || die "pg_createcluster did not produce a cluster on port $PG_PORT"
  fi

  local ver name status logfile
  read -r ver name _ status _ _ logfile <<<"$line"

  if [[ "$status" != online* ]]; then
    log "starting PostgreSQL cluster $ver/$name"
    # No systemd in containers: pg_ctlcluster then starts the server directly.
    # Where systemd runs and the redirect to systemctl fails, bypass it.
    as_root pg_ctlcluster "$ver" "$name" start ||
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start ||
      true # judged by pg_isready below
  fi

  local i
  for ((i = 0; i < 30; i++)); do
    pg_ready && break
    sleep 1
  done
  if ! pg_ready; then
    [[ -n "${logfile:-}" && -r "$logfile" ]] && tail -n 20 "$logfile"
    die "PostgreSQL $ver/$name is not accepting connections on 127.0.0.1:$PG_PORT after 30 s"
  fi

  # Idempotent: create the role if missing, then (re)assert its attributes.
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres <<'SQL' ||
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'haumai') THEN
    CREATE ROLE haumai;
  END IF;
END
$$;
ALTER ROLE haumai WITH LOGIN CREATEDB PASSWORD 'haumai';
-- Tests drop their databases WITH (FORCE); this lets them end stray non-superuser sessions.
GRANT pg_signal_backend TO haumai;
SQL
    die "could not create/update PostgreSQL role haumai"

  export HAUMAI_TEST_POSTGRES="${HAUMAI_TEST_POSTGRES:-Host=127.0.0.1;Port=$PG_PORT;Username=haumai;Password=haumai;Database=postgres}"
  log "PostgreSQL $ver/$name ready on 127.0.0.1:$PG_PORT"
}

CHROMIUM_BIN=/usr/bin/chromium

# The browser tests (tests/Haumai.BrowserTests) drive Debian's Chromium through
# Playwright; Playwright never downloads a browser of its own here.
ensure_chromium() {
  if [[ -x "$CHROMIUM_BIN" ]]; then
    log "Chromium already installed: $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"
  else
    apt_install chromium
    [[ -x "$CHROMIUM_BIN" ]] || die "chromium installed but $CHROMIUM_BIN not found"
  fi
  export HAUMAI_TEST_CHROMIUM="${HAUMAI_TEST_CHROMIUM:-$CHROMIUM_BIN}"
  # Belt and braces: should anything ask Playwright for its own browsers, it must not fetch them.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
}

# --- TRX parsing (pure bash/tr/sed/grep) --------------------------------------

# trx_counters FILE -> the <Counters .../> element inside <ResultSummary> ("" if none)
trx_counters() {
  tr '\r\n' '  ' <"$1" |
    grep -o '<ResultSummary[[:space:]>].*</ResultSummary>' |
    grep -o '<Counters[[:space:]][^>]*>' | head -n 1 || true
}

# counter COUNTERS_ELEMENT ATTR -> numeric value of ATTR ("" if absent)
counter() {
  sed -n "s/.*[[:space:]]$2[[:space:]]*=[[:space:]]*[\"']\([0-9]*\)[\"'].*/\1/p" <<<"$1"
}

# --- main -----------------------------------------------------------------------

main() {
  ensure_postgres
  ensure_chromium
  source "$ROOT/scripts/mail-servers.sh" && ensure_mail_servers

  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"

  command -v dotnet >/dev/null 2>&1 || die "dotnet SDK not found on PATH"

  local build_ok=1
  log "dotnet restore $SOLUTION"
  dotnet restore "$SOLUTION" || build_ok=0
  if ((build_ok)); then
    log "dotnet build $SOLUTION -c Release"
    dotnet build "$SOLUTION" -c Release --no-restore || build_ok=0
  fi

  local projects=()
  shopt -s nullglob
  projects=(tests/*/*.csproj)
  shopt -u nullglob

  if ((!build_ok)); then
    PROBLEMS+=("BUILD FAILED: restore/build of $SOLUTION failed; no tests were run")
    FAILED=$((FAILED + 1))
  elif ((${#projects[@]} == 0)); then
    PROBLEMS+=("NO TEST PROJECTS: nothing matches tests/*/*.csproj")
    FAILED=$((FAILED + 1))
  else
    local proj name trx rc c p f e t a s x
    for proj in "${projects[@]}"; do
      name="$(basename "$proj" .csproj)"
      trx="$RESULTS_DIR/$name.trx"
      log "dotnet test $proj"
      rc=0
      dotnet test "$proj" -c Release --no-build \
        --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR" "$@" || rc=$?

      c=""
      [[ -s "$trx" ]] && c="$(trx_counters "$trx")"
      if [[ -z "$(counter "$c" total)" ]]; then
        PROBLEMS+=("$name: produced no (readable) TRX at ${trx#"$ROOT"/} (dotnet test exit status $rc)")
        FAILED=$((FAILED + 1))
        continue
      fi
      p="$(counter "$c" passed)"
      f="$(counter "$c" failed)"
      e="$(counter "$c" error)"
      t="$(counter "$c" timeout)"
      a="$(counter "$c" aborted)"
      s="$(counter "$c" notExecuted)"
      f=$((${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
      # VSTest's TRX logger leaves notExecuted="0" for skipped tests (they only
      # show as outcome="NotExecuted" results), so fall back to total - executed.
      if ((${s:-0} == 0)); then
        s="$(counter "$c" total)"
        x="$(counter "$c" executed)"
        s=$((${s:-0} - ${x:-0}))
        ((s > 0)) || s=0
      fi
      PASSED=$((PASSED + ${p:-0}))
      FAILED=$((FAILED + f))
      SKIPPED=$((SKIPPED + ${s:-0}))
      log "$name: ${p:-0} passed, $f failed, ${s:-0} skipped"
      if ((f > 0)); then
        PROBLEMS+=("$name: $f test(s) failed")
      elif ((rc != 0)); then
        PROBLEMS+=("$name: dotnet test exited with status $rc although the TRX reports no failed test")
        FAILED=$((FAILED + 1))
      fi
    done
  fi

  echo
  if ((${#PROBLEMS[@]} > 0)); then
    local msg
    for msg in "${PROBLEMS[@]}"; do
      printf 'FAILURE: %s\n' "$msg"
    done
  fi
  print_summary
  ((FAILED == 0))
}

main "$@"
