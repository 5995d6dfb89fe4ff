#!/usr/bin/env bash
# install-deps.sh - install every Debian package the build, the tests and the
# benchmarks need. Idempotent: packages already present are skipped, so a
# second run costs one dpkg query.
#
# Postfix is installed only for its smtp-sink/smtp-source tools: debconf is
# preseeded with "No configuration" and a policy-rc.d forbids starting any
# daemon while packages install, so no mail server ends up on port 25.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libcurl4-openssl-dev libssl-dev
  nlohmann-json3-dev libsqlite3-dev sqlite3 libpq-dev
  libspdlog-dev libfmt-dev libcli11-dev prometheus-cpp-dev
  libgtest-dev libgmock-dev libjemalloc-dev
  python3 python3-jinja2 python3-humanize python3-aiosmtpd
  postgresql-15 postgresql-client-15
  postfix openssl curl wrk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" |
  debconf-set-selections

# Forbid service start-up for the duration of the install only.
policy=/usr/sbin/policy-rc.d
had_policy=0
[ -e "$policy" ] && had_policy=1
if [ $had_policy -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi

apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
