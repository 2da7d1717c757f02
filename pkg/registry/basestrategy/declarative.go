package basestrategy

import (
	"context"

	"k8s.io/apimachinery/pkg/api/operation"
	"k8s.io/apimachinery/pkg/runtime"
	fieldvalidation "k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// DeclarativeValidation is embedded by the strategy of a resource whose types carry declarative
// validation (+k8s: tags) registered in the project's scheme: the generic registry then runs it
// after the strategy's own checks and merges the errors the way kube-apiserver does, enforcing
// the beta rules as its default feature gates do. It is rest.DeclarativeValidation without the
// embedded scheme, whose methods would collide with those of Base.
type DeclarativeValidation struct{}

var _ rest.DeclarativeValidationStrategy = DeclarativeValidation{}

// ValidateDeclaratively runs the declarative validation of obj and merges it with errs, the
// errors of the strategy's Validate or ValidateUpdate.
func (DeclarativeValidation) ValidateDeclaratively(ctx context.Context, obj, old runtime.Object, errs fieldvalidation.ErrorList, opType operation.Type, config rest.DeclarativeValidationConfig) fieldvalidation.ErrorList {
	return rest.ValidateDeclarativelyWithMigrationChecks(ctx, scheme.Scheme, obj, old, errs, opType, config)
}

// DeclarativeValidationConfig defines no validation options.
func (DeclarativeValidation) DeclarativeValidationConfig(ctx context.Context, obj, old runtime.Object) rest.DeclarativeValidationConfig {
	return rest.DeclarativeValidationConfig{}
}
