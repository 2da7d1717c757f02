// Package validatingwebhookconfiguration implements the strategy and table columns of admissionregistration.k8s.io/v1
// ValidatingWebhookConfigurations.
package validatingwebhookconfiguration

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/kapi-dev/kapi/pkg/apis/admissionregistration/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// Strategy is the create, update and delete behaviour of ValidatingWebhookConfigurations: the generation starts at 1 and
// counts the changes of the webhooks; an update keeps accepting what the stored object already had.
var Strategy = basestrategy.Generational[*admissionregistrationv1.ValidatingWebhookConfiguration]{
	Base:           basestrategy.ClusterScoped,
	Desired:        func(c *admissionregistrationv1.ValidatingWebhookConfiguration) any { return c.Webhooks },
	ValidateNew:    validation.ValidateValidatingWebhookConfiguration,
	ValidateChange: validation.ValidateValidatingWebhookConfigurationUpdate,
}
