package app

import (
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	genericoptions "k8s.io/apiserver/pkg/server/options"
)

// newAdmissionOptions offers the admission plugins kapi can run. The webhook and policy plugins of the
// generic library wait for admissionregistration.k8s.io informers, a group kapi does not serve yet, so
// they are not offered.
func newAdmissionOptions() *genericoptions.AdmissionOptions {
	o := genericoptions.NewAdmissionOptions()
	o.Plugins = admission.NewPlugins()
	lifecycle.Register(o.Plugins)
	o.RecommendedPluginOrder = []string{lifecycle.PluginName}
	return o
}
