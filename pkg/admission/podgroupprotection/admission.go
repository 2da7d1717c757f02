// Package podgroupprotection is kube-apiserver's PodGroupProtection admission plugin. Upstream it
// puts a protection finalizer on new scheduling.k8s.io PodGroups, but only with the GenericWorkload
// feature, alpha and off by default in v1.37, and kapi serves no PodGroups; so, as upstream with
// its default feature gates, the plugin admits every request unchanged.
package podgroupprotection

import (
	"context"
	"io"

	"k8s.io/apiserver/pkg/admission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "PodGroupProtection"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return plugin{Handler: admission.NewHandler(admission.Create)}, nil
	})
}

type plugin struct {
	*admission.Handler
}

var _ admission.MutationInterface = plugin{}

func (plugin) Admit(context.Context, admission.Attributes, admission.ObjectInterfaces) error {
	return nil
}
