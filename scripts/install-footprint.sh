#!/usr/bin/env bash
# What installing pg-autogen adds to an app that already has TypeORM, pg and TypeScript: megabytes on disk
# and packages. Packs this checkout as it would be published, installs it into two throwaway apps (the
# newest TypeORM 1.x / TypeScript 5.x, and TypeORM 0.3.17 / TypeScript 4.9.5), and checks that the tool
# brings no second TypeORM and no @types/node.
# Usage: scripts/install-footprint.sh   (the figures go in README.md, "Install footprint")
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$root" && npm run build --silent >/dev/null && npm pack --ignore-scripts --pack-destination "$work" >/dev/null 2>&1)
tarball="$(ls "$work"/pg-autogen-*.tgz)"

measure() { # dir -> "MB packages"
  local mb packages
  mb="$(du -sm "$1/node_modules" | cut -f1)"
  packages="$(cd "$1" && npm ls --all --parseable 2>/dev/null | tail -n +2 | sort -u | wc -l)"
  echo "$mb $packages"
}

for app in "typeorm@1 typescript@5 pg@8" "typeorm@0.3.17 typescript@4.9.5 pg@8"; do
  dir="$work/app-$(echo "$app" | tr ' @' '_-')"
  mkdir -p "$dir"
  echo '{"name":"app","version":"1.0.0","private":true}' > "$dir/package.json"
  # shellcheck disable=SC2086
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error $app >/dev/null)
  read -r mb0 n0 <<<"$(measure "$dir")"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$tarball" >/dev/null)
  read -r mb1 n1 <<<"$(measure "$dir")"
  extra=""
  [ -d "$dir/node_modules/pg-autogen/node_modules/typeorm" ] && extra="$extra, a second typeorm"
  [ -d "$dir/node_modules/@types/node" ] && extra="$extra, @types/node"
  echo "$app: the app $mb0 MB / $n0 packages; pg-autogen adds $((mb1 - mb0)) MB / $((n1 - n0)) packages${extra}"
done
