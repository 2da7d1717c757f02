package paramauthz

import (
	"context"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

// Binding is what the check of a binding reads: its policy's name and its paramRef.
type Binding struct {
	PolicyName string
	ParamRef   *admissionregistrationv1.ParamRef
}

// BindingRules says how to check the bindings of one kind of policy.
type BindingRules[T runtime.Object] struct {
	// Of returns the policy name and paramRef of a binding.
	Of func(T) Binding
	// ParamKind returns the paramKind of the named policy, nil when it has none or cannot be read.
	ParamKind func(ctx context.Context, policy string) *admissionregistrationv1.ParamKind
	// Denied words the refusal of verb to u.
	Denied func(u user.Info, verb string) error
}

// DeniedValidating is how kube-apiserver refuses a ValidatingAdmissionPolicyBinding.
func DeniedValidating(u user.Info, verb string) error {
	return fmt.Errorf(`user %v does not have "%v" permission on the object referenced by paramRef`, u, verb)
}

// DeniedMutating is how kube-apiserver refuses a MutatingAdmissionPolicyBinding: its message
// names the verb where the user belongs and the other way round.
func DeniedMutating(u user.Info, verb string) error {
	return fmt.Errorf(`user %v does not have "%v" permission on the object referenced by paramRef`, verb, u)
}

type checkedBinding[T runtime.Object] struct {
	Strategy
	checker Checker
	rules   BindingRules[T]
}

// WrapBinding returns s, which also refuses, at spec.paramRef, a valid binding whose author may not
// read the parameters it names: get for a named object, list for a selector. An update that keeps
// the policy and the paramRef is not checked again.
func WrapBinding[T runtime.Object](s Strategy, c Checker, rules BindingRules[T]) Strategy {
	return checkedBinding[T]{Strategy: s, checker: c, rules: rules}
}

// Validate checks a new binding, then its author's access to its parameters.
func (s checkedBinding[T]) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	if errs := s.Strategy.Validate(ctx, obj); len(errs) > 0 {
		return errs
	}
	return s.authorize(ctx, s.rules.Of(obj.(T)))
}

// ValidateUpdate checks an update, then the author's access to changed parameters.
func (s checkedBinding[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	if errs := s.Strategy.ValidateUpdate(ctx, obj, old); len(errs) > 0 {
		return errs
	}
	b, oldB := s.rules.Of(obj.(T)), s.rules.Of(old.(T))
	if b.ParamRef != nil && oldB.ParamRef != nil && b.PolicyName == oldB.PolicyName && equalParamRefs(b.ParamRef, oldB.ParamRef) {
		return nil
	}
	return s.authorize(ctx, b)
}

func equalParamRefs(a, b *admissionregistrationv1.ParamRef) bool {
	return a.Name == b.Name && a.Namespace == b.Namespace && a.Selector.String() == b.Selector.String() &&
		(a.ParameterNotFoundAction == nil) == (b.ParameterNotFoundAction == nil) &&
		(a.ParameterNotFoundAction == nil || *a.ParameterNotFoundAction == *b.ParameterNotFoundAction)
}

func (s checkedBinding[T]) authorize(ctx context.Context, b Binding) field.ErrorList {
	if b.ParamRef == nil {
		return nil
	}
	if err := s.check(ctx, b); err != nil {
		return field.ErrorList{field.Forbidden(field.NewPath("spec", "paramRef"), err.Error())}
	}
	return nil
}

func (s checkedBinding[T]) check(ctx context.Context, b Binding) error {
	u, ok := genericapirequest.UserFrom(ctx)
	if !ok {
		return fmt.Errorf("cannot identify user to authorize read access to paramRef object")
	}
	verb := "get"
	if b.ParamRef.Name == "" {
		verb = "list"
	}
	// Unless the policy's paramKind resolves, every resource of every group and version is required.
	attrs := authorizer.AttributesRecord{User: u, Verb: verb, ResourceRequest: true, Name: b.ParamRef.Name, Namespace: b.ParamRef.Namespace, APIGroup: "*", APIVersion: "*", Resource: "*"}
	kind := s.rules.ParamKind(ctx, b.PolicyName)
	var unresolved string
	if kind != nil {
		if gv, err := schema.ParseGroupVersion(kind.APIVersion); err != nil {
			unresolved = "parse"
		} else {
			attrs.APIGroup, attrs.APIVersion = gv.Group, gv.Version
			if mapping, err := s.checker.Mapper.RESTMapping(schema.GroupKind{Group: gv.Group, Kind: kind.Kind}, gv.Version); err == nil {
				attrs.Resource = mapping.Resource.Resource
			} else {
				unresolved = "resolve"
			}
		}
	}
	decision, _, err := s.checker.Authorizer.Authorize(ctx, attrs)
	switch {
	case err != nil:
		return err
	case decision == authorizer.DecisionAllow:
		return nil
	case unresolved != "":
		// kube-apiserver prints its internal ParamKind, which has no String method.
		return fmt.Errorf(`unable to %s paramKind &{%s %s} to determine minimum required permissions and user %v does not have "%v" permission for all groups, versions and resources`, unresolved, kind.APIVersion, kind.Kind, u, verb)
	default:
		return s.rules.Denied(u, verb)
	}
}
