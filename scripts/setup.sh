#!/usr/bin/env bash
# Installs what swoll needs on Debian 12 (idempotent), then builds dist/swoll.
# Usage: scripts/setup.sh        (as root, or a user with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

BUN_VERSION=1.4.5
APT_PACKAGES=(
  clang llvm libbpf-dev libelf-dev zlib1g-dev bpftool   # build: probe + shim
  strace bpftrace libbpf-tools linux-perf                # tests and bench peers
  jq tmux util-linux iproute2 procps                     # tests
  prometheus chromium                                    # serve tests: real Prometheus, headless browser
  bash-completion zsh fish                               # completion tests
  openssl                                                # k8s tests: throwaway CA for the fake API server
  containerd runc busybox-static                         # runtime tests: a private containerd (CRI) running real pods
  python3-websockets                                     # cluster tests: a second client for the port-forward fixture
  docker.io podman                                       # runtime tests: Docker's and podman's cgroup layouts
)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v bun >/dev/null 2>&1 || [ "$(bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  echo "setup: installing bun $BUN_VERSION from the npm registry" >&2
  $SUDO npm install -g --silent "bun@$BUN_VERSION" >/dev/null 2>&1
  hash -r
fi
[ "$(bun --version)" = "$BUN_VERSION" ] || { echo "setup: bun $BUN_VERSION did not install" >&2; exit 1; }

# Debian's kubectl 1.20 (package kubernetes-client) for the controller tests. Its
# /usr/bin/kubectl can clash with another kubectl package, so it is unpacked
# under /opt/kubernetes-client instead of installed.
KUBECTL_DIR=/opt/kubernetes-client
if [ ! -x "$KUBECTL_DIR/usr/bin/kubectl" ]; then
  echo "setup: unpacking kubernetes-client (kubectl 1.20) into $KUBECTL_DIR" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download kubernetes-client >/dev/null)
  $SUDO mkdir -p "$KUBECTL_DIR"
  $SUDO dpkg-deb -x "$tmp"/kubernetes-client_*.deb "$KUBECTL_DIR"
  rm -rf "$tmp"
fi

# tracefs is not needed by the probe, but selftest and the peers want it.
if ! grep -q " tracefs " /proc/mounts && [ -d /sys/kernel/tracing ]; then
  $SUDO mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
fi

bun install --frozen-lockfile --silent
bun run build.ts
