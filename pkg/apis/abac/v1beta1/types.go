package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Policy is one ABAC rule.
type Policy struct {
	metav1.TypeMeta `json:",inline"`

	// Spec is the rule.
	Spec PolicySpec `json:"spec"`
}

// PolicySpec says whom a rule applies to and which requests it allows.
type PolicySpec struct {
	// User is the user name the rule applies to; "*" is every authenticated user.
	// +optional
	User string `json:"user,omitempty"`

	// Group is a group the rule applies to; "*" is every authenticated user.
	// +optional
	Group string `json:"group,omitempty"`

	// Readonly limits the rule to get, list and watch.
	// +optional
	Readonly bool `json:"readonly,omitempty"`

	// APIGroup is the API group of resource requests the rule allows; "*" is every group.
	// +optional
	APIGroup string `json:"apiGroup,omitempty"`

	// Resource is the resource the rule allows; "*" is every resource.
	// +optional
	Resource string `json:"resource,omitempty"`

	// Namespace is the namespace the rule allows; "*" is every namespace and the cluster scope.
	// +optional
	Namespace string `json:"namespace,omitempty"`

	// NonResourcePath is the non-resource path the rule allows; "*" is every path, and a trailing
	// "*" every path under the prefix before it.
	// +optional
	NonResourcePath string `json:"nonResourcePath,omitempty"`
}
