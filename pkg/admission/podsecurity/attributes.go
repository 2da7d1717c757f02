package podsecurity

import (
	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	psaapi "k8s.io/pod-security-admission/api"
)

// attributes adapts apiserver's admission attributes to the library's; kapi's objects already are
// the v1 types the library expects, so nothing is converted.
type attributes struct {
	a admission.Attributes
}

var _ psaapi.Attributes = attributes{}

func (x attributes) GetName() string                          { return x.a.GetName() }
func (x attributes) GetNamespace() string                     { return x.a.GetNamespace() }
func (x attributes) GetResource() schema.GroupVersionResource { return x.a.GetResource() }
func (x attributes) GetKind() schema.GroupVersionKind         { return x.a.GetKind() }
func (x attributes) GetSubresource() string                   { return x.a.GetSubresource() }
func (x attributes) GetOperation() admissionv1.Operation {
	return admissionv1.Operation(x.a.GetOperation())
}
func (x attributes) GetObject() (runtime.Object, error)    { return x.a.GetObject(), nil }
func (x attributes) GetOldObject() (runtime.Object, error) { return x.a.GetOldObject(), nil }
func (x attributes) GetUserName() string                   { return x.a.GetUserInfo().GetName() }
