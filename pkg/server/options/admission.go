package options

import (
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	genericoptions "k8s.io/apiserver/pkg/server/options"

	"github.com/kapi-dev/kapi/pkg/admission/always"
	"github.com/kapi-dev/kapi/pkg/admission/catalog"
)

// newAdmissionOptions knows every kube-apiserver admission plugin name, in kube-apiserver's order;
// those kapi does not implement refuse to be enabled.
func newAdmissionOptions() *genericoptions.AdmissionOptions {
	o := genericoptions.NewAdmissionOptions()
	o.Plugins = admission.NewPlugins()
	lifecycle.Register(o.Plugins)
	always.Register(o.Plugins)
	registerWebhookAndPolicyPlugins(o.Plugins)
	catalog.RegisterUnimplemented(o.Plugins)
	o.RecommendedPluginOrder = catalog.AllOrderedPlugins
	o.DefaultOffPlugins = catalog.DefaultOffPlugins(append([]string{lifecycle.PluginName}, webhookAndPolicyPlugins...)...)
	return o
}
