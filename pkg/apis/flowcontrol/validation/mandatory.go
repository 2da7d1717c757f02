package validation

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap"

	flowcontrolv1defaults "github.com/kapi-dev/kapi/pkg/apis/flowcontrol/v1"
)

// The mandatory objects as stored: defaulted, so that a spec that only spells out a default still
// equals them.
var (
	mandatoryFlowSchemas    = map[string]*flowcontrolv1.FlowSchema{}
	mandatoryPriorityLevels = map[string]*flowcontrolv1.PriorityLevelConfiguration{}
)

func init() {
	for _, fs := range bootstrap.MandatoryFlowSchemas {
		fs = fs.DeepCopy()
		flowcontrolv1defaults.SetObjectDefaults_FlowSchema(fs)
		mandatoryFlowSchemas[fs.Name] = fs
	}
	for _, pl := range bootstrap.MandatoryPriorityLevelConfigurations {
		pl = pl.DeepCopy()
		flowcontrolv1defaults.SetObjectDefaults_PriorityLevelConfiguration(pl)
		mandatoryPriorityLevels[pl.Name] = pl
	}
}
