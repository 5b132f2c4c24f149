#!/usr/bin/env bash
# Fetch htmx and Leaflet from the npm registry and copy their built files into the web package,
# so the dashboard serves them itself (never from a CDN). Rerun to update; pin versions below.
set -euo pipefail
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"
LEAFLET_VERSION="${LEAFLET_VERSION:-1.9.4}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/sitrep/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "htmx.org@$HTMX_VERSION" "leaflet@$LEAFLET_VERSION" >/dev/null
mkdir htmx leaflet
tar -xzf htmx.org-"$HTMX_VERSION".tgz -C htmx
tar -xzf leaflet-"$LEAFLET_VERSION".tgz -C leaflet
rm -rf "$dest"
mkdir -p "$dest/leaflet/images"
cp htmx/package/dist/htmx.min.js "$dest/htmx.min.js"
cp htmx/package/LICENSE "$dest/htmx.LICENSE"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$dest/leaflet/"
cp leaflet/package/dist/images/*.png "$dest/leaflet/images/"
cp leaflet/package/LICENSE "$dest/leaflet/LICENSE"
printf 'htmx.org %s\nleaflet %s\n' "$HTMX_VERSION" "$LEAFLET_VERSION" > "$dest/VERSIONS"
echo "vendored htmx $HTMX_VERSION and leaflet $LEAFLET_VERSION into $dest"
