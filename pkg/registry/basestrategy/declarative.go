package basestrategy

import (
	"context"
	"errors"
	"strings"

	"k8s.io/apimachinery/pkg/api/operation"
	"k8s.io/apimachinery/pkg/api/validate"
	"k8s.io/apimachinery/pkg/runtime"
	fieldvalidation "k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/features"
	"k8s.io/apiserver/pkg/registry/rest"
	utilfeature "k8s.io/apiserver/pkg/util/feature"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// DeclarativeValidation is embedded by the strategy of a resource whose types carry declarative
// validation (+k8s: tags) registered in the project's scheme: the generic registry then runs it
// after the strategy's own checks and reports the declarative errors that kube-apiserver enforces
// (standard ones, and beta ones while the DeclarativeValidationBeta gate is on, as by default).
//
// kube-apiserver, in the middle of moving rules to tags, keeps hand-written copies of the
// declared rules, drops them when the declarative error matches and logs when it does not. The
// hand-written checks of a strategy embedding this leave the declared rules out instead, so there
// is nothing to compare, and the errors a client sees are the same.
type DeclarativeValidation struct{}

var _ rest.DeclarativeValidationStrategy = DeclarativeValidation{}

// ValidateDeclaratively appends to errs, the errors of the strategy's Validate or ValidateUpdate,
// the enforced declarative errors of obj for the request's subresource.
func (DeclarativeValidation) ValidateDeclaratively(ctx context.Context, obj, old runtime.Object, errs fieldvalidation.ErrorList, opType operation.Type, config rest.DeclarativeValidationConfig) fieldvalidation.ErrorList {
	info, ok := genericapirequest.RequestInfoFrom(ctx)
	if !ok {
		return append(errs, fieldvalidation.InternalError(nil, errors.New("could not find requestInfo in context")))
	}
	var subresources []string
	if info.Subresource != "" {
		subresources = strings.Split(info.Subresource, "/")
	}
	// The served types are the scheme's hub types, so obj needs no conversion to the request's
	// version first.
	var declared fieldvalidation.ErrorList
	if opType == operation.Update {
		declared = scheme.Scheme.ValidateUpdate(ctx, config.Options, obj, old, subresources...)
	} else {
		declared = scheme.Scheme.Validate(ctx, config.Options, obj, subresources...)
	}
	beta := utilfeature.DefaultFeatureGate.Enabled(features.DeclarativeValidationBeta)
	return append(errs, validate.FilterEnforcedDeclarativeErrors(ctx, declared, beta)...)
}

// DeclarativeValidationConfig defines no validation options.
func (DeclarativeValidation) DeclarativeValidationConfig(ctx context.Context, obj, old runtime.Object) rest.DeclarativeValidationConfig {
	return rest.DeclarativeValidationConfig{}
}
