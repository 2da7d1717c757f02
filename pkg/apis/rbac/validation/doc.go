// Package validation checks rbac.authorization.k8s.io/v1 Roles, ClusterRoles, RoleBindings and
// ClusterRoleBindings the way kube-apiserver does, with the same field paths, error types and messages
// in a 422's causes. Bindings are expected to have been defaulted already (roleRef and subject apiGroup).
package validation
