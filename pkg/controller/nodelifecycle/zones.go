package nodelifecycle

import (
	corev1 "k8s.io/api/core/v1"
)

// zoneState is how disrupted a zone is, which sets how fast its nodes are tainted NoExecute.
type zoneState string

// The zone states, upstream's names.
const (
	stateInitial           zoneState = "Initial"
	stateNormal            zoneState = "Normal"
	stateFullDisruption    zoneState = "FullDisruption"
	statePartialDisruption zoneState = "PartialDisruption"
)

// excludeDisruptionLabel keeps a node out of its zone's count.
const excludeDisruptionLabel = "node.kubernetes.io/exclude-disruption"

// rates are the eviction flags that turn a zone's state into its tainting rate.
type rates struct {
	// healthy is --node-eviction-rate.
	healthy float32
	// secondary is --secondary-node-eviction-rate.
	secondary float32
	// largeCluster is --large-cluster-size-threshold.
	largeCluster int32
	// unhealthyZone is --unhealthy-zone-threshold.
	unhealthyZone float32
}

// zoneStateOf returns how many of a zone's nodes are not ready, and the zone's state: fully disrupted
// when none is ready, partially when at least three and the unhealthy-zone fraction of them are not.
// A missing Ready condition counts as not ready.
func (r rates) zoneStateOf(ready []*corev1.NodeCondition) (int, zoneState) {
	notReady := 0
	for _, c := range ready {
		if c == nil || c.Status != corev1.ConditionTrue {
			notReady++
		}
	}
	switch {
	case notReady > 0 && notReady == len(ready):
		return notReady, stateFullDisruption
	case notReady > 2 && float32(notReady)/float32(len(ready)) >= r.unhealthyZone:
		return notReady, statePartialDisruption
	default:
		return notReady, stateNormal
	}
}

// rateFor returns the tainting rate of a zone of size nodes in state. A partially disrupted zone is
// tainted at the secondary rate if the cluster is large and not at all if it is small; a fully
// disrupted zone alone (others still working) at the normal rate.
func (r rates) rateFor(state zoneState, size int) float32 {
	if state == statePartialDisruption {
		if int32(size) > r.largeCluster {
			return r.secondary
		}
		return 0
	}
	return r.healthy
}
