package install

import (
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	quota "k8s.io/apiserver/pkg/quota/v1"
)

// configurationInitializer hands the admission quota configuration to the plugins that want it.
type configurationInitializer struct {
	configuration quota.Configuration
}

// NewAdmissionInitializer returns the admission plugin initializer that gives the ResourceQuota
// plugin kapi's evaluators. It must follow the generic initializer, whose drained notification the
// plugin needs before its configuration.
func NewAdmissionInitializer() admission.PluginInitializer {
	return configurationInitializer{configuration: NewConfigurationForAdmission()}
}

func (i configurationInitializer) Initialize(plugin admission.Interface) {
	if wants, ok := plugin.(initializer.WantsQuotaConfiguration); ok {
		wants.SetQuotaConfiguration(i.configuration)
	}
}
