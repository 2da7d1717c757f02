package validation

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ValidateServiceClusterIPsRelatedFields checks clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy
// against each other. The service registry runs it before allocating cluster IPs, as kube-apiserver
// does, so that allocation never sees malformed addresses.
func ValidateServiceClusterIPsRelatedFields(svc *corev1.Service) field.ErrorList {
	return validateServiceClusterIPsRelatedFields(svc)
}
