// Package podadmission holds what several of kapi's pod admission plugins need to decide whether a
// request concerns them and to reach the pod in it.
package podadmission

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apiserver/pkg/admission"
)

var podsResource = corev1.Resource("pods")

// IsPods tells whether a is a request for the pods resource itself, not one of its subresources.
func IsPods(a admission.Attributes) bool {
	return a.GetResource().GroupResource() == podsResource && a.GetSubresource() == ""
}

// IsPodsOrSubresource tells whether a is a request for the pods resource or its subresource
// subresource.
func IsPodsOrSubresource(a admission.Attributes, subresource string) bool {
	return a.GetResource().GroupResource() == podsResource && (a.GetSubresource() == "" || a.GetSubresource() == subresource)
}

// Pod returns the pod a carries, or a BadRequest error, with upstream's wording, when the object is
// something else.
func Pod(a admission.Attributes) (*corev1.Pod, error) {
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("expected *api.Pod but got %T", a.GetObject()))
	}
	return pod, nil
}

// Forbidden is admission.NewForbidden with a formatted reason.
func Forbidden(a admission.Attributes, format string, args ...any) error {
	return admission.NewForbidden(a, fmt.Errorf(format, args...))
}
