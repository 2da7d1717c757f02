package options

import (
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	genericoptions "k8s.io/apiserver/pkg/server/options"

	"github.com/kapi-dev/kapi/pkg/admission/always"
	"github.com/kapi-dev/kapi/pkg/admission/catalog"
	"github.com/kapi-dev/kapi/pkg/admission/defaulttolerationseconds"
	"github.com/kapi-dev/kapi/pkg/admission/limitranger"
	"github.com/kapi-dev/kapi/pkg/admission/nodedeclaredfeatures"
	"github.com/kapi-dev/kapi/pkg/admission/podgroupprotection"
	"github.com/kapi-dev/kapi/pkg/admission/podresize"
	"github.com/kapi-dev/kapi/pkg/admission/podsecurity"
	"github.com/kapi-dev/kapi/pkg/admission/podtopologylabels"
	"github.com/kapi-dev/kapi/pkg/admission/priority"
	"github.com/kapi-dev/kapi/pkg/admission/runtimeclass"
	"github.com/kapi-dev/kapi/pkg/admission/serviceaccount"
	"github.com/kapi-dev/kapi/pkg/admission/taintnodesbycondition"
)

// newAdmissionOptions knows every kube-apiserver admission plugin name, in kube-apiserver's order;
// those kapi does not implement refuse to be enabled. The webhook and policy plugins of the generic
// library wait for admissionregistration.k8s.io informers, a group kapi does not serve yet, so they
// are among the unimplemented ones.
func newAdmissionOptions() *genericoptions.AdmissionOptions {
	o := genericoptions.NewAdmissionOptions()
	o.Plugins = admission.NewPlugins()
	lifecycle.Register(o.Plugins)
	always.Register(o.Plugins)
	serviceaccount.Register(o.Plugins)
	taintnodesbycondition.Register(o.Plugins)
	defaulttolerationseconds.Register(o.Plugins)
	limitranger.Register(o.Plugins)
	priority.Register(o.Plugins)
	podsecurity.Register(o.Plugins)
	runtimeclass.Register(o.Plugins)
	podtopologylabels.Register(o.Plugins)
	nodedeclaredfeatures.Register(o.Plugins)
	podresize.Register(o.Plugins)
	podgroupprotection.Register(o.Plugins)
	catalog.RegisterUnimplemented(o.Plugins)
	o.RecommendedPluginOrder = catalog.AllOrderedPlugins
	o.DefaultOffPlugins = catalog.DefaultOffPlugins(lifecycle.PluginName,
		serviceaccount.PluginName, taintnodesbycondition.PluginName, defaulttolerationseconds.PluginName,
		limitranger.PluginName, priority.PluginName, podsecurity.PluginName, runtimeclass.PluginName,
		podtopologylabels.PluginName, nodedeclaredfeatures.PluginName, podresize.PluginName, podgroupprotection.PluginName)
	return o
}
