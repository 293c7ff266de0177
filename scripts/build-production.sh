#!/bin/sh
# Builds PipeCraft for production into a folder that holds the build and the production
# dependencies only (no sources, no dev dependencies):
#
#   sh scripts/build-production.sh /opt/pipecraft
#   cd /opt/pipecraft && NODE_ENV=production node scripts/start.mjs
#
# The Dockerfile runs exactly this; so does apps/server/test/production-build.test.ts, which then
# starts the result. Needs Node 22.17+ (or the repository's Node 24 from `npm ci`) and npm.
set -eu

out=${1:?usage: sh scripts/build-production.sh <output folder>}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "==> Building the server, the CLI and the UI (npm run build)"
node scripts/with-deps.mjs npm run build

echo "==> Copying the build to $out"
rm -rf "$out"
mkdir -p "$out/scripts"
cp package.json package-lock.json "$out/"
cp scripts/start.mjs scripts/workspace-deps.mjs scripts/healthcheck.mjs "$out/scripts/"
# npm ci needs every workspace's package.json to match the lockfile; the sources stay behind.
for manifest in packages/*/package.json apps/*/package.json e2e/package.json; do
  mkdir -p "$out/$(dirname "$manifest")"
  cp "$manifest" "$out/$manifest"
done
cp -R apps/server/dist "$out/apps/server/dist"
cp -R apps/cli/dist apps/cli/bin "$out/apps/cli/"
cp -R apps/worker/dist "$out/apps/worker/dist"
cp -R apps/web/build "$out/apps/web/build"

echo "==> Installing production dependencies only (npm ci --omit=dev)"
cd "$out"
npm ci --omit=dev --prefer-offline --no-audit --no-fund
echo "==> Done: cd $out && NODE_ENV=production node scripts/start.mjs"
