#!/usr/bin/env bash
# Runs every test of the solution: `dotnet test McpAnalyzers.sln`, after making sure the machine has the servers the
# integration tests start for themselves on 127.0.0.1 (PostgreSQL for the fixed-SQL tests, redis-server for the
# shared rate limits). Missing ones are installed with apt-get (as root, or through sudo). Arguments go to dotnet test.
# Set MCPANALYZERS_TEST_POSTGRES / MCPANALYZERS_TEST_REDIS to use servers of your own instead.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
if [ -z "${MCPANALYZERS_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ -z "${MCPANALYZERS_TEST_REDIS:-}" ] && ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
  missing+=(redis-server)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (the integration tests start their own servers from these binaries)"
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  if ! command -v apt-get >/dev/null \
    || ! { $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "test.sh: could not install ${missing[*]}: install them, or set MCPANALYZERS_TEST_POSTGRES / MCPANALYZERS_TEST_REDIS" >&2
    exit 1
  fi
fi

exec dotnet test McpAnalyzers.sln "$@"
