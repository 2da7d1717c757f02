// Package flowschema implements the strategies and table columns of flowcontrol.apiserver.k8s.io/v1
// FlowSchemas, which sort requests into priority levels.
package flowschema

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/flowcontrol/validation"
	"github.com/kapi-dev/kapi/pkg/registry/flowcontrol/specstatus"
)

// Strategy is the create, update and delete behaviour of FlowSchemas.
var Strategy = specstatus.New(validation.ValidateFlowSchema, validation.ValidateFlowSchemaUpdate)

// StatusStrategy is the update behaviour of flowschemas/status.
var StatusStrategy = Strategy.Status(func(fs *flowcontrolv1.FlowSchema) field.ErrorList {
	return validation.ValidateFlowSchemaStatus(&fs.Status, field.NewPath("status"))
})
