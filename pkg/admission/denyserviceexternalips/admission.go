// Package denyserviceexternalips is kube-apiserver's DenyServiceExternalIPs admission plugin: no
// Service may add an external IP, since any external IP lets its author intercept the traffic to
// that address (CVE-2020-8554); services keep or drop the ones they already have.
package denyserviceexternalips

import (
	"context"
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "DenyServiceExternalIPs"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}, nil
	})
}

type plugin struct {
	*admission.Handler
}

var _ admission.ValidationInterface = &plugin{}

var servicesResource = corev1.Resource("services")

// Validate refuses external IPs the service did not have before.
func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != servicesResource || a.GetSubresource() != "" {
		return nil
	}
	svc, ok := a.GetObject().(*corev1.Service)
	if !ok {
		return notAService(a)
	}
	var had sets.Set[string]
	if a.GetOldObject() != nil {
		old, ok := a.GetOldObject().(*corev1.Service)
		if !ok {
			return notAService(a)
		}
		had = sets.New(old.Spec.ExternalIPs...)
	}
	if had.HasAll(svc.Spec.ExternalIPs...) {
		return nil
	}
	return admission.NewForbidden(a, errors.New("Use of external IPs is denied by admission control"))
}

func notAService(a admission.Attributes) error {
	return apierrors.NewInternalError(fmt.Errorf("Expected Service resource, got: %v", a.GetKind()))
}
