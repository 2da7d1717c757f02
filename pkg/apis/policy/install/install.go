// Package install registers the policy API group (PodDisruptionBudgets and the Eviction body of
// pods/eviction) into kapi's scheme.
package install

import (
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers policy/v1 as both the served and the internal version. policy/v1beta1 is not
// served, but clients such as older kubectl drain still post its Eviction to pods/eviction, so that
// one kind is registered too, converting to and from the v1 one.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, policyv1.SchemeGroupVersion, policyv1.AddToScheme))
	s.AddKnownTypes(policyv1beta1.SchemeGroupVersion, &policyv1beta1.Eviction{})
	utilruntime.Must(s.AddConversionFunc((*policyv1beta1.Eviction)(nil), (*policyv1.Eviction)(nil), func(a, b interface{}, _ conversion.Scope) error {
		in, out := a.(*policyv1beta1.Eviction), b.(*policyv1.Eviction)
		out.ObjectMeta, out.DeleteOptions = in.ObjectMeta, in.DeleteOptions
		return nil
	}))
	utilruntime.Must(s.AddConversionFunc((*policyv1.Eviction)(nil), (*policyv1beta1.Eviction)(nil), func(a, b interface{}, _ conversion.Scope) error {
		in, out := a.(*policyv1.Eviction), b.(*policyv1beta1.Eviction)
		out.ObjectMeta, out.DeleteOptions = in.ObjectMeta, in.DeleteOptions
		return nil
	}))
}
