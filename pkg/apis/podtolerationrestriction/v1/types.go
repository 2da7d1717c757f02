package v1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Configuration is the PodTolerationRestriction plugin's configuration: what holds for namespaces
// that do not say otherwise in their annotations.
type Configuration struct {
	metav1.TypeMeta `json:",inline"`

	// Default are the tolerations added to new pods.
	// +optional
	Default []corev1.Toleration `json:"default,omitempty"`

	// Whitelist are the tolerations pods may have; empty allows any.
	// +optional
	Whitelist []corev1.Toleration `json:"whitelist,omitempty"`
}
