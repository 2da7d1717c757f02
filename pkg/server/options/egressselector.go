package options

import (
	"fmt"

	apiserverapi "k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/server/egressselector"
	genericoptions "k8s.io/apiserver/pkg/server/options"
)

// validateEgressSelector reads --egress-selector-config-file and refuses a configuration that sends
// traffic anywhere but directly: kapi dials its webhooks, kubelets and etcd itself, as the Direct
// proxy protocol says, and has no konnectivity client.
func validateEgressSelector(o *genericoptions.EgressSelectorOptions) []error {
	if errs := o.Validate(); len(errs) > 0 || o.ConfigFile == "" {
		return errs
	}
	config, err := egressselector.ReadEgressSelectorConfiguration(o.ConfigFile)
	if err != nil {
		return []error{fmt.Errorf("--egress-selector-config-file: %w", err)}
	}
	if errs := egressselector.ValidateEgressSelectorConfiguration(config); len(errs) > 0 {
		return []error{fmt.Errorf("--egress-selector-config-file: %w", errs.ToAggregate())}
	}
	var errs []error
	for _, selection := range config.EgressSelections {
		if selection.Connection.ProxyProtocol != apiserverapi.ProtocolDirect {
			errs = append(errs, fmt.Errorf("--egress-selector-config-file: egress selection %q uses proxy protocol %s; kapi only dials directly (%s)", selection.Name, selection.Connection.ProxyProtocol, apiserverapi.ProtocolDirect))
		}
	}
	return errs
}
