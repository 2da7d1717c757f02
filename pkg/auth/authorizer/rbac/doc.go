// Package rbac is kapi's RBAC authorizer: it finds the roles bound to a user through RoleBindings and
// ClusterRoleBindings and allows a request when one of their rules matches it, with kube-apiserver's
// matching rules for verbs, API groups, resources, subresources, resource names, non-resource URLs and
// wildcards. The same Resolver answers RulesFor, for SelfSubjectRulesReview and escalation checks.
package rbac
