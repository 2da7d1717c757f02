package abac

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Policy is one ABAC rule: a subject, and what it may do.
type Policy struct {
	metav1.TypeMeta

	// Spec is the rule.
	Spec PolicySpec
}

// PolicySpec says whom a rule applies to and which requests it allows.
type PolicySpec struct {
	// User is the user name the rule applies to; "*" is every user.
	User string

	// Group is a group the rule applies to; "*" is every group.
	Group string

	// Readonly limits the rule to get, list and watch.
	Readonly bool

	// APIGroup is the API group of resource requests the rule allows; "*" is every group.
	APIGroup string

	// Resource is the resource the rule allows; "*" is every resource.
	Resource string

	// Namespace is the namespace the rule allows; "*" is every namespace and the cluster scope.
	Namespace string

	// NonResourcePath is the non-resource path the rule allows; "*" is every path, and a trailing
	// "*" every path under the prefix before it.
	NonResourcePath string
}
