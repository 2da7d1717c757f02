// Package policybased wraps the RBAC stores so that nobody grants permissions they do not hold: a role
// may only be written with rules its author already has (or with the escalate verb on it), a binding
// only to a role whose rules its author has (or with the bind verb on that role). Members of
// system:masters, the loopback user included, are exempt, as in kube-apiserver.
package policybased
