// Package endpoints holds what kapi's endpoints, endpointslice and endpointslice-mirroring
// controllers share: their retry budget, which pods back a service and on which ports, the trigger-time
// and slice-generation bookkeeping, endpoint identity, and the canonical form of Endpoints subsets.
package endpoints

// MaxRetries is how often kube-controller-manager's endpoint controllers retry a key before they drop
// it until its next change.
const MaxRetries = 15
