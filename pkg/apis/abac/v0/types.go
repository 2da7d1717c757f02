package v0

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Policy is one v0 ABAC rule. It only converts to the internal version, by hand: its fields have no
// counterpart in the internal version's shape, and nothing ever writes v0.
// +k8s:conversion-gen=false
type Policy struct {
	metav1.TypeMeta `json:",inline"`

	// User is the user name the rule applies to. "*", or leaving both user and group empty,
	// means every authenticated user.
	User string `json:"user,omitempty"`

	// Group is a group the rule applies to. "*" means every authenticated user.
	Group string `json:"group,omitempty"`

	// Readonly limits the rule to get, list and watch.
	Readonly bool `json:"readonly,omitempty"`

	// Resource is the resource the rule allows in every API group; empty or "*" is every resource.
	Resource string `json:"resource,omitempty"`

	// Namespace is the namespace the rule allows; empty or "*" is every namespace. A rule with
	// neither namespace nor resource also allows every non-resource path.
	Namespace string `json:"namespace,omitempty"`
}
