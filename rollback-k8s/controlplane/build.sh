#!/usr/bin/env bash
# Builds a real Kubernetes control plane from the Go module proxy, for rollback-k8s's tests:
# kube-apiserver, kube-controller-manager, kube-scheduler and a kubectl of the same release
# (k8s.io/kubernetes; the tests compare the adapters' bookkeeping with kubectl's), etcd
# (go.etcd.io/etcd/server/v3) and kwok (sigs.k8s.io/kwok). Only the ordinary `go` tool is used;
# the binaries land in a cache outside the repository, keyed by the versions:
#
#   ${ROLLBACK_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rollback-control-plane}/<key>/bin
#
# A warm cache makes this a no-op. A cold build takes about 25-40 minutes on two cores, most of
# it compiling kube-apiserver and kube-controller-manager; progress goes to standard error.
#
# Usage: build.sh [--print-dir]   (--print-dir prints the bin directory and builds nothing)
# Exit status: 0 when the binaries are there (built now or before); 3 when `go` is missing;
# anything else is a failed build, with go's own error above it.
set -euo pipefail

K8S_VERSION=v1.35.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.7.0

key="k8s-${K8S_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
root="${ROLLBACK_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rollback-control-plane}"
dir="$root/$key"
bin="$dir/bin"
binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok)
# kwok serves container logs for the pods that a ClusterLogs object selects; the tests create
# them, so its CustomResourceDefinition (shipped in the kwok module) goes beside the binaries.
kwok_logs_crd=kwok.x-k8s.io_clusterlogs.yaml

if [ "${1:-}" = "--print-dir" ]; then
  echo "$bin"
  exit 0
fi

complete() {
  for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || return 1; done
  [ -f "$dir/crds/$kwok_logs_crd" ] && [ -f "$dir/.complete" ]
}
if complete; then
  echo "control plane: cache is warm at $bin ($key)" >&2
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "control plane: 'go' is not on the PATH, so the control plane cannot be built" >&2
  exit 3
fi

log() { echo "control plane: [$(date -u +%H:%M:%S)] $*" >&2; }
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
mkdir -p "$bin" "$dir/src"
started=$(date +%s)

# --- kube-apiserver, kube-controller-manager, kube-scheduler, kubectl -------------------------
# `go install k8s.io/kubernetes/cmd/...@vX` is refused: kubernetes' go.mod replaces every
# k8s.io staging module with ./staging. A wrapper module requires k8s.io/kubernetes and points
# each staging module at its published tag (v0.<minor>.<patch>) instead.
build_kubernetes() {
  local w="$dir/src/kubernetes" minor patch staging
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  patch=$(echo "$K8S_VERSION" | cut -d. -f3)
  mkdir -p "$w"
  log "resolving k8s.io/kubernetes@$K8S_VERSION"
  local gomod
  gomod=$(cd "$w" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')
  staging=$(sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\1#p' "$gomod" | sort -u)
  [ -n "$staging" ] || { echo "no staging replaces found in $gomod" >&2; return 1; }
  {
    echo "module rollback.dev/controlplane/kubernetes"
    echo
    echo "go 1.25.0"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    for m in $staging; do echo "	$m => $m v0.$minor.$patch"; done
    echo ")"
  } >"$w/go.mod"
  local commit date pkg=k8s.io/component-base/version cgo=k8s.io/client-go/pkg/version flags=""
  commit=$(cd "$w" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^\s*"Hash": "\(.*\)",\{0,1\}$/\1/p' | sed -n 1p)
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  for p in $pkg $cgo; do
    flags="$flags -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    flags="$flags -X $p.gitCommit=${commit:-unknown} -X $p.gitTreeState=clean -X $p.buildDate=$date"
  done
  log "building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $K8S_VERSION (the long part)"
  (cd "$w" && go build -trimpath -ldflags "-s -w $flags" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl)
}

# --- etcd ------------------------------------------------------------------------------------
# Debian's etcd (3.4) is below what current apiservers support; the server module's main
# package is the etcd binary.
build_etcd() {
  local w="$dir/src/etcd"
  mkdir -p "$w"
  printf 'module rollback.dev/controlplane/etcd\n\ngo 1.25.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' \
    "$ETCD_VERSION" >"$w/go.mod"
  log "building etcd $ETCD_VERSION"
  (cd "$w" && go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3)
}

# --- kwok ------------------------------------------------------------------------------------
# Fake nodes, and pods that become Running and Ready without a kubelet.
build_kwok() {
  local w="$dir/src/kwok"
  mkdir -p "$w"
  printf 'module rollback.dev/controlplane/kwok\n\ngo 1.25.0\n\nrequire sigs.k8s.io/kwok %s\n' \
    "$KWOK_VERSION" >"$w/go.mod"
  log "building kwok $KWOK_VERSION"
  (cd "$w" && go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" \
    -o "$bin/kwok" sigs.k8s.io/kwok/cmd/kwok)
}

copy_kwok_crds() {
  local src
  src="$(cd "$dir/src/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/crd/bases/$kwok_logs_crd"
  mkdir -p "$dir/crds"
  cp "$src" "$dir/crds/"
  chmod u+w "$dir/crds/$kwok_logs_crd"
}

[ -x "$bin/etcd" ] || build_etcd
[ -x "$bin/kwok" ] || build_kwok
[ -f "$dir/crds/$kwok_logs_crd" ] || copy_kwok_crds
if [ ! -x "$bin/kube-apiserver" ] || [ ! -x "$bin/kube-controller-manager" ] || [ ! -x "$bin/kube-scheduler" ] \
    || [ ! -x "$bin/kubectl" ]; then
  build_kubernetes
fi
for b in "${binaries[@]}"; do
  [ -x "$bin/$b" ] || { echo "control plane: $b was not built" >&2; exit 1; }
done
date -u +%Y-%m-%dT%H:%M:%SZ >"$dir/.complete"
log "done in $(( $(date +%s) - started )) s: $bin"
"$bin/kube-apiserver" --version >&2
"$bin/etcd" --version | sed -n 1p >&2  # sed reads to the end: head could end the pipe early and fail it (SIGPIPE, 141) under pipefail
