#!/usr/bin/env bash
# The client programs of another PostgreSQL major (pg_dump, psql), for `npm run test:pg` on a Debian or
# Ubuntu machine whose own repositories stop at an older major (bookworm has 15): downloads
# postgresql-client-<major> and the libraries it links against from a newer Debian suite with apt-get
# (nothing is installed into the system), unpacks them into <dest>/root, and writes <dest>/pg_dump and
# <dest>/psql, which run them through that suite's own dynamic loader and libraries. With --with-server,
# links this machine's PostgreSQL 15 server binaries (initdb, pg_ctl, postgres) beside them, so that <dest>
# serves as the whole PG_BIN of a suite run whose own clusters are 15 (README, "Other PostgreSQL majors").
#
#   scripts/debian-pg-clients.sh 17 trixie /tmp/pg17bin --with-server
#   PG_BIN=/tmp/pg17bin npm run test:pg -- 17
#
# Needs apt-get and the network; run as root (apt-get's lists for the suite go into its own directory).
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 <major> <debian suite that has postgresql-client-<major>: trixie (17), sid (18)> <dest> [--with-server]" >&2
  exit 2
fi
major=$1 suite=$2 dest=$3 server=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "deb http://deb.debian.org/debian $suite main" > "$work/sources.list"
mkdir -p "$work/lists/partial" "$work/debs"
apt_opts=(-o "APT::Sandbox::User=root" -o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists" -o "APT::Get::List-Cleanup=0")
apt-get update -q "${apt_opts[@]}" >/dev/null
# The client and what its programs link against (ldd of pg_dump and psql on sid, 2026-12), with the loader.
(cd "$work/debs" && apt-get download -q "${apt_opts[@]}" "postgresql-client-$major" libpq5 libc6 libssl3t64 \
  libgssapi-krb5-2 libldap2 zlib1g liblz4-1 libzstd1 libkrb5-3 libk5crypto3 libkrb5support0 libcom-err2 \
  libkeyutils1 libsasl2-2 libgnutls30t64 libreadline8t64 libtinfo6 libedit2 libbsd0 libmd0 libselinux1 \
  libpcre2-8-0 libidn2-0 libunistring5 libtasn1-6 libnettle8t64 libhogweed6t64 libgmp10 libp11-kit0 libffi8 \
  libcrypt1 >/dev/null 2>&1)

mkdir -p "$dest"
root=$(cd "$dest" && pwd)/root
rm -rf "$root"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
libs="$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu"
for program in pg_dump psql; do
  cat > "$dest/$program" <<EOF
#!/bin/sh
exec "$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$libs" "$root/usr/lib/postgresql/$major/bin/$program" "\$@"
EOF
  chmod +x "$dest/$program"
done
if [ "$server" = "--with-server" ]; then
  for program in initdb pg_ctl postgres; do ln -sf "/usr/lib/postgresql/15/bin/$program" "$dest/$program"; done
fi
"$dest/pg_dump" --version
