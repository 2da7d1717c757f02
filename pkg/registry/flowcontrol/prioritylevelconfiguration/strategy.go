// Package prioritylevelconfiguration implements the strategies and table columns of
// flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfigurations, the concurrency shares and queues
// requests wait in.
package prioritylevelconfiguration

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/flowcontrol/validation"
	"github.com/kapi-dev/kapi/pkg/registry/flowcontrol/specstatus"
)

// Strategy is the create, update and delete behaviour of PriorityLevelConfigurations.
var Strategy = specstatus.New(validation.ValidatePriorityLevelConfiguration, validation.ValidatePriorityLevelConfigurationUpdate)

// StatusStrategy is the update behaviour of prioritylevelconfigurations/status.
var StatusStrategy = Strategy.Status(func(pl *flowcontrolv1.PriorityLevelConfiguration) field.ErrorList {
	return validation.ValidatePriorityLevelConfigurationStatus(&pl.Status, field.NewPath("status"))
})
