#!/bin/sh
# A Debian bookworm base image without a registry: debootstrap's minbase (Debian's own
# installer, packages from the Debian mirror), slimmed the way the official debian:*-slim images
# are (no docs, man pages or locales; no apt lists or downloaded .debs), then `docker import`.
#   deploy/images/debian/build-rootfs.sh svom-local/debian:bookworm
# Needs root and the Debian packages debootstrap and docker.io.
set -eu
tag="${1:?usage: build-rootfs.sh IMAGE_TAG}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
docker="${DOCKER:-docker}"
dir="$(mktemp -d /tmp/svom-rootfs.XXXXXX)"
trap 'rm -rf "$dir"' EXIT

debootstrap --variant=minbase bookworm "$dir" "$mirror" >/dev/null
# What debian:bookworm-slim excludes, so later `apt-get install` in the derived images stays small.
cat > "$dir/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CFG
cat > "$dir/etc/apt/apt.conf.d/docker-clean" <<'CFG'
APT::Install-Recommends "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
CFG
find "$dir/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
rm -rf "$dir/usr/share/man" "$dir/usr/share/info" "$dir/usr/share/locale" "$dir/usr/share/lintian" \
  "$dir/var/cache/apt/archives"/*.deb "$dir/var/cache/apt"/*.bin "$dir/var/lib/apt/lists"/* \
  "$dir/var/log"/*.log "$dir/var/cache/debconf"/*-old
tar -C "$dir" -c . | "$docker" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' - "$tag" >/dev/null
echo "$tag"
