#!/usr/bin/env bash
# End-to-end on kind (needs docker, kind, kubectl, helm): two nodes join CVLAN blue through the agent
# DaemonSet, then one node pings the other's overlay address.
#   hack/kind-e2e.sh            KEEP=1 hack/kind-e2e.sh   (keep the cluster afterwards)
set -euo pipefail

CLUSTER=${CLUSTER:-cvlan-e2e}
NS=cvlan-system
# The agent, and the CVLAN and token it joins with, live in their own namespace (Pod Security "privileged").
AGENT_NS=cvlan-agent
IMAGE=ghcr.io/cvlan/cvlan-operator:e2e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

cleanup() {
  rc=$?
  if [[ $rc -ne 0 ]]; then
    kubectl -n "$NS" get pods -o wide || true
    kubectl -n "$AGENT_NS" get pods,cvlans,registrationtokens,nodes.cvlan.io -o wide || true
    kubectl -n "$NS" logs deploy/cvlan-operator --tail=100 || true
    kubectl -n "$AGENT_NS" logs ds/cvlan-operator-agent --tail=100 || true
  fi
  [[ "${KEEP:-0}" == 1 ]] || kind delete cluster --name "$CLUSTER"
  exit $rc
}
trap cleanup EXIT

kind create cluster --name "$CLUSTER" --wait 120s --config - <<'KIND'
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
  - role: worker
KIND

docker build -t "$IMAGE" .
kind load docker-image "$IMAGE" --name "$CLUSTER"

# The operator's namespace enforces Pod Security "restricted"; the chart creates $AGENT_NS as "privileged".
kubectl create namespace "$NS"
kubectl label namespace "$NS" pod-security.kubernetes.io/enforce=restricted
# The agent mounts the token Secret the operator writes for RegistrationToken blue-fleet in $AGENT_NS.
helm install cvlan-operator ./helm/cvlan-operator -n "$NS" \
  --set image.tag=e2e --set image.pullPolicy=Never \
  --set agent.enabled=true --set agent.tokenSecret=blue-fleet-token
kubectl -n "$NS" rollout status deploy/cvlan-operator --timeout=180s

kubectl -n "$AGENT_NS" apply -f examples/cvlan.yaml -f examples/registration-token-reusable.yaml
kubectl -n "$AGENT_NS" wait cvlan/blue --for=condition=Ready --timeout=120s
kubectl -n "$AGENT_NS" wait registrationtoken/blue-fleet --for=condition=Ready --timeout=120s
kubectl -n "$AGENT_NS" rollout status ds/cvlan-operator-agent --timeout=300s

echo "waiting for two registered nodes with overlay addresses"
for _ in $(seq 60); do
  mapfile -t ips < <(kubectl -n "$AGENT_NS" get nodes.cvlan.io -o jsonpath='{range .items[*]}{.status.ipv4}{"\n"}{end}' | sed 's|/.*||' | grep . || true)
  [[ ${#ips[@]} -ge 2 ]] && break
  sleep 5
done
[[ ${#ips[@]} -ge 2 ]] || { echo "expected 2 overlay addresses, got: ${ips[*]:-none}"; exit 1; }
echo "overlay addresses: ${ips[*]}"

# A host-network pod on the worker sees the agent's interface; it pings every overlay address but its own.
# hostNetwork needs the privileged namespace too.
WORKER="$CLUSTER-worker"
kubectl -n "$AGENT_NS" run ping --image=busybox:1.36 --restart=Never \
  --overrides="{\"spec\":{\"hostNetwork\":true,\"nodeName\":\"$WORKER\"}}" -- sleep 600
kubectl -n "$AGENT_NS" wait pod/ping --for=condition=Ready --timeout=120s
own=$(kubectl -n "$AGENT_NS" exec ping -- ip -4 addr show dev cvlan0 | awk '/inet /{print $2}' | cut -d/ -f1)
pinged=0
for ip in "${ips[@]}"; do
  [[ "$ip" == "$own" ]] && continue
  echo "ping $own -> $ip over the overlay"
  kubectl -n "$AGENT_NS" exec ping -- ping -c 3 -W 2 "$ip"
  pinged=$((pinged + 1))
done
[[ $pinged -ge 1 ]] || { echo "no peer to ping"; exit 1; }
echo "PASS: overlay ping between kind nodes"
