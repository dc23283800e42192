#!/usr/bin/env bash
# Install and start what the tests need from Debian: Chromium, Node.js/npm (for axe-core),
# hunspell-no (the spell check), nginx's brotli modules,
# a PostgreSQL server, and nginx (the scale-out test runs it in front of two replicas; it is
# started by the test itself, never as a system service).
# Idempotent; safe to run on a machine that already has both. Prints nothing on success
# but its own progress lines.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-system: needs root (or sudo) to install chromium and postgresql" >&2; exit 1
  fi
fi

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
# nginx's brotli modules (bench/first_load.py measures what they give behind deploy/).
[ -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] || need+=(libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
# The brotli command: deploy/precompress.py compresses Streamlit's bundle with it for them.
command -v brotli >/dev/null 2>&1 || need+=(brotli)
# hunspell with the Norwegian dictionaries: tests/test_spelling.py checks every nb and nn entry.
[ -e /usr/share/hunspell/nb_NO.dic ] || need+=(hunspell hunspell-no)
if [ ${#need[@]} -gt 0 ]; then
  echo "ensure-system: installing ${need[*]} from Debian"
  $SUDO apt-get update -qq
  # Install without starting services (no nginx on port 80): what the tests need, they start.
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod +x "$policy"
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  if [ -n "$made_policy" ]; then $SUDO rm -f "$policy"; fi
fi

# No systemd here: start the cluster with pg_ctlcluster.
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! $SUDO pg_lsclusters -h | awk '{print $1" "$2" "$4}' | grep -q "^$version main online"; then
  if ! $SUDO pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main"; then
    $SUDO pg_createcluster "$version" main >/dev/null
  fi
  $SUDO pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  $SUDO su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done
# A login role that may create the per-test databases.
$SUDO su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kultur3_test') THEN
    CREATE ROLE kultur3_test LOGIN CREATEDB PASSWORD 'kultur3-test';
  END IF; END \\\$\\\$;\"" >/dev/null
