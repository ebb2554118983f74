#!/bin/sh
# Install the Debian font packages whose fonts naskh uses as references for
# outline matching (Unicode recovery step 6). Idempotent: does nothing when all
# packages are already installed; runs `apt-get update` only when a package is
# missing and cannot be found in the current package lists.
set -eu

PACKAGES="fonts-noto-core fonts-hosny-amiri fonts-kacst fonts-sil-scheherazade fonts-farsiweb fonts-dejavu-core"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

need_update=""
for p in $missing; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then need_update=1; fi
done
[ -n "$need_update" ] && $SUDO apt-get update -qq

# shellcheck disable=SC2086 # word splitting of the package list is intended
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
