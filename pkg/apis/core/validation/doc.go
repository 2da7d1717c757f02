// Package validation checks core/v1 Namespaces, Pods, Services, Nodes and
// ReplicationControllers the way kube-apiserver does, returning the same
// field paths, error types, messages and bad values that end up in a 422's
// causes. Objects are expected to have been defaulted already, because
// upstream validates after defaulting and some checks (required enums,
// terminationGracePeriodSeconds) only make sense on defaulted objects.
package validation
