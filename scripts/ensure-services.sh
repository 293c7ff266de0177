#!/usr/bin/env bash
# Starts the local PostgreSQL and MariaDB servers when they are not running, and installs
# Debian's Chromium (for the Playwright suite) and pgloader (for the benchmark) when missing.
# Idempotent; safe to run on a developer machine that already has everything up.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
if ! mysqladmin -h 127.0.0.1 -uroot status >/dev/null 2>&1; then
  echo "starting MariaDB"
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
fi
# The distributed-run tests (apps/worker) put their queues on Redis.
if command -v redis-server >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
for _ in $(seq 1 60); do
  pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && mysqladmin -h 127.0.0.1 -uroot status >/dev/null 2>&1 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
mysqladmin -h 127.0.0.1 -uroot status >/dev/null || { echo "MariaDB did not come up on 127.0.0.1:3306" >&2; exit 1; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The engine's TLS and SSH tests start their own throwaway servers: openssl for a test CA,
# PostgreSQL 15's initdb/pg_ctl and mariadbd (installed with the services above), and sshd.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
echo "services ready"
