// Package batch holds what the batch API group's packages share beyond the published types.
package batch

// The unprefixed labels the Job strategy has put on pod templates since before the
// batch.kubernetes.io/ ones (which k8s.io/api defines), and still puts there beside them.
const (
	LegacyControllerUIDLabel = "controller-uid"
	LegacyJobNameLabel       = "job-name"
)
