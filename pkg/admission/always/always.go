// Package always holds kube-apiserver's two trivial admission plugins, AlwaysAdmit and AlwaysDeny,
// both deprecated upstream and kept for command lines that name them.
package always

import (
	"context"
	"errors"
	"io"

	"k8s.io/apiserver/pkg/admission"
	"k8s.io/klog/v2"
)

const (
	// AdmitPluginName is the name of the plugin that admits every request.
	AdmitPluginName = "AlwaysAdmit"
	// DenyPluginName is the name of the plugin that refuses every mutating request.
	DenyPluginName = "AlwaysDeny"
)

// Register registers both plugins.
func Register(plugins *admission.Plugins) {
	plugins.Register(AdmitPluginName, func(io.Reader) (admission.Interface, error) {
		klog.Warningf("%s admission controller is deprecated. Please remove this controller from your configuration files and scripts.", AdmitPluginName)
		return alwaysAdmit{}, nil
	})
	plugins.Register(DenyPluginName, func(io.Reader) (admission.Interface, error) {
		klog.Warningf("%s admission controller is deprecated. Please remove this controller from your configuration files and scripts.", DenyPluginName)
		return alwaysDeny{}, nil
	})
}

type alwaysAdmit struct{}

var _ admission.MutationInterface = alwaysAdmit{}

func (alwaysAdmit) Handles(admission.Operation) bool { return true }

func (alwaysAdmit) Admit(context.Context, admission.Attributes, admission.ObjectInterfaces) error {
	return nil
}

type alwaysDeny struct{}

var _ admission.ValidationInterface = alwaysDeny{}

func (alwaysDeny) Handles(admission.Operation) bool { return true }

// Validate refuses the request with 403 Forbidden.
func (alwaysDeny) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	return admission.NewForbidden(a, errors.New("admission control is denying all modifications"))
}
