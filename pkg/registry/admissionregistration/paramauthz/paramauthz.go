// Package paramauthz refuses, as kube-apiserver does, an admission policy whose author may not read
// every object of the policy's paramKind: the policy reads those objects at admission, for its author.
package paramauthz

import (
	"context"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Checker asks the authorizer whether the requester may get every object of a paramKind, found
// through the mapper.
type Checker struct {
	Authorizer authorizer.Authorizer
	Mapper     meta.RESTMapper
}

// check returns why the requester may not use kind, or nil.
func (c Checker) check(ctx context.Context, kind *admissionregistrationv1.ParamKind) error {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return fmt.Errorf("cannot identify user to authorize read access to paramKind resources")
	}
	// Without a resolvable kind, every resource of every group and version is required.
	attrs := authorizer.AttributesRecord{User: u, Verb: "get", ResourceRequest: true, Name: "*", Namespace: "*", APIGroup: "*", APIVersion: "*", Resource: "*"}
	if gv, err := schema.ParseGroupVersion(kind.APIVersion); err == nil {
		attrs.APIGroup, attrs.APIVersion = gv.Group, gv.Version
		if mapping, err := c.Mapper.RESTMapping(schema.GroupKind{Group: gv.Group, Kind: kind.Kind}, gv.Version); err == nil {
			attrs.Resource = mapping.Resource.Resource
		}
	}
	decision, _, err := c.Authorizer.Authorize(ctx, attrs)
	if err != nil {
		return err
	}
	if decision != authorizer.DecisionAllow {
		return fmt.Errorf(`user %v must have "get" permission on all objects of the referenced paramKind (kind=%s, apiVersion=%s)`, u, kind.Kind, kind.APIVersion)
	}
	return nil
}

// Strategy is what Wrap checks the writes of.
type Strategy interface {
	rest.RESTCreateStrategy
	rest.RESTUpdateStrategy
	rest.RESTDeleteStrategy
}

type checked[T runtime.Object] struct {
	Strategy
	checker   Checker
	paramKind func(T) *admissionregistrationv1.ParamKind
}

// Wrap returns s, which also refuses, at spec.paramKind, a valid policy whose author may not read
// its paramKind. An update that keeps the paramKind is not checked again.
func Wrap[T runtime.Object](s Strategy, c Checker, paramKind func(T) *admissionregistrationv1.ParamKind) Strategy {
	return checked[T]{Strategy: s, checker: c, paramKind: paramKind}
}

// Validate checks a new policy, then its author's access to its parameters.
func (s checked[T]) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	if errs := s.Strategy.Validate(ctx, obj); len(errs) > 0 {
		return errs
	}
	return s.authorize(ctx, s.paramKind(obj.(T)), nil)
}

// ValidateUpdate checks an update, then the author's access to a new paramKind.
func (s checked[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	if errs := s.Strategy.ValidateUpdate(ctx, obj, old); len(errs) > 0 {
		return errs
	}
	return s.authorize(ctx, s.paramKind(obj.(T)), s.paramKind(old.(T)))
}

func (s checked[T]) authorize(ctx context.Context, kind, old *admissionregistrationv1.ParamKind) field.ErrorList {
	if kind == nil || (old != nil && *old == *kind) {
		return nil
	}
	if err := s.checker.check(ctx, kind); err != nil {
		return field.ErrorList{field.Forbidden(field.NewPath("spec", "paramKind"), err.Error())}
	}
	return nil
}
