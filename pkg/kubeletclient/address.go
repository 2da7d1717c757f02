package kubeletclient

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// PreferredAddress returns the first of node's addresses whose type comes first in preferred; the
// Hostname type also matches the kubernetes.io/hostname label when the node lists no such address,
// as kube-apiserver does.
func PreferredAddress(node *corev1.Node, preferred []corev1.NodeAddressType) (string, error) {
	for _, t := range preferred {
		for _, a := range node.Status.Addresses {
			if a.Type == t {
				return a.Address, nil
			}
		}
		if t == corev1.NodeHostName {
			if name, ok := node.Labels[corev1.LabelHostname]; ok && name != "" {
				return name, nil
			}
		}
	}
	return "", &NoMatchError{Addresses: node.Status.Addresses}
}

// NoMatchError says that none of a node's addresses is of a preferred type.
type NoMatchError struct {
	Addresses []corev1.NodeAddress
}

func (e *NoMatchError) Error() string {
	return fmt.Sprintf("no preferred addresses found; known addresses: %v", e.Addresses)
}
