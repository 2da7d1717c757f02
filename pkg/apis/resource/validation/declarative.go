package validation

import (
	"context"
	"fmt"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/operation"
	"k8s.io/apimachinery/pkg/api/safe"
	"k8s.io/apimachinery/pkg/api/validate"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The declarative validation of resource.k8s.io/v1 is generated into k8s.io/api for every type
// below the top-level kinds. What follows is the part kube-apiserver generates for the kinds
// themselves from their +k8s: tags: which subresources each kind validates, the DeviceClass name
// format, the immutable ResourceClaim spec, and the descent into spec and status. As in the
// generated code, a field that an update leaves unchanged is not validated again.

// RegisterDeclarativeValidations adds the declarative validation of the resource.k8s.io/v1 kinds
// to s, for strategies that run it through rest.DeclarativeValidation.
func RegisterDeclarativeValidations(s *runtime.Scheme) {
	register(s, validateDeviceClassDeclaratively, "/")
	register(s, validateResourceClaimDeclaratively, "/", "/status")
	register(s, validateResourceClaimTemplateDeclaratively, "/")
	register(s, validateResourceSliceDeclaratively, "/")
	register(s, validateDeviceTaintRuleDeclaratively, "/", "/status")
}

func register[T runtime.Object](s *runtime.Scheme, validateKind func(context.Context, operation.Operation, T, T) field.ErrorList, subresources ...string) {
	var zero T
	s.AddValidationFunc(zero, func(ctx context.Context, op operation.Operation, obj, old interface{}) field.ErrorList {
		path := op.Request.SubresourcePath()
		for _, sub := range subresources {
			if path == sub {
				return validateKind(ctx, op, obj.(T), safe.Cast[T](old))
			}
		}
		return field.ErrorList{field.InternalError(nil, fmt.Errorf("no validation found for %T, subresource: %v", obj, path))}
	})
}

// changed reports whether a field needs validating: always on create, on update only if it
// differs from the stored value.
func changed(op operation.Operation, value, old interface{}) bool {
	return op.Type != operation.Update || !equality.Semantic.DeepEqual(value, old)
}

func validateDeviceClassDeclaratively(ctx context.Context, op operation.Operation, obj, old *resourcev1.DeviceClass) field.ErrorList {
	var errs field.ErrorList
	oldName := safe.Field(old, func(o *resourcev1.DeviceClass) *string { return &o.Name })
	if obj.Name != "" && changed(op, &obj.Name, oldName) {
		errs = append(errs, validate.LongName(ctx, op, field.NewPath("metadata", "name"), &obj.Name, oldName).MarkBeta()...)
	}
	oldSpec := safe.Field(old, func(o *resourcev1.DeviceClass) *resourcev1.DeviceClassSpec { return &o.Spec })
	if changed(op, &obj.Spec, oldSpec) {
		errs = append(errs, resourcev1.Validate_DeviceClassSpec(ctx, op, field.NewPath("spec"), &obj.Spec, oldSpec)...)
	}
	return errs
}

func validateResourceClaimDeclaratively(ctx context.Context, op operation.Operation, obj, old *resourcev1.ResourceClaim) field.ErrorList {
	var errs field.ErrorList
	specPath := field.NewPath("spec")
	oldSpec := safe.Field(old, func(o *resourcev1.ResourceClaim) *resourcev1.ResourceClaimSpec { return &o.Spec })
	if changed(op, &obj.Spec, oldSpec) {
		errs = append(errs, validate.Immutable(ctx, op, specPath, &obj.Spec, oldSpec).MarkBeta()...)
		errs = append(errs, resourcev1.Validate_ResourceClaimSpec(ctx, op, specPath, &obj.Spec, oldSpec)...)
	}
	oldStatus := safe.Field(old, func(o *resourcev1.ResourceClaim) *resourcev1.ResourceClaimStatus { return &o.Status })
	if changed(op, &obj.Status, oldStatus) {
		errs = append(errs, resourcev1.Validate_ResourceClaimStatus(ctx, op, field.NewPath("status"), &obj.Status, oldStatus)...)
	}
	return errs
}

func validateResourceClaimTemplateDeclaratively(ctx context.Context, op operation.Operation, obj, old *resourcev1.ResourceClaimTemplate) field.ErrorList {
	oldSpec := safe.Field(old, func(o *resourcev1.ResourceClaimTemplate) *resourcev1.ResourceClaimTemplateSpec { return &o.Spec })
	if !changed(op, &obj.Spec, oldSpec) {
		return nil
	}
	return resourcev1.Validate_ResourceClaimTemplateSpec(ctx, op, field.NewPath("spec"), &obj.Spec, oldSpec)
}

func validateResourceSliceDeclaratively(ctx context.Context, op operation.Operation, obj, old *resourcev1.ResourceSlice) field.ErrorList {
	oldSpec := safe.Field(old, func(o *resourcev1.ResourceSlice) *resourcev1.ResourceSliceSpec { return &o.Spec })
	if !changed(op, &obj.Spec, oldSpec) {
		return nil
	}
	return resourcev1.Validate_ResourceSliceSpec(ctx, op, field.NewPath("spec"), &obj.Spec, oldSpec)
}

func validateDeviceTaintRuleDeclaratively(ctx context.Context, op operation.Operation, obj, old *resourcev1.DeviceTaintRule) field.ErrorList {
	var errs field.ErrorList
	oldSpec := safe.Field(old, func(o *resourcev1.DeviceTaintRule) *resourcev1.DeviceTaintRuleSpec { return &o.Spec })
	if changed(op, &obj.Spec, oldSpec) {
		errs = append(errs, resourcev1.Validate_DeviceTaintRuleSpec(ctx, op, field.NewPath("spec"), &obj.Spec, oldSpec)...)
	}
	oldStatus := safe.Field(old, func(o *resourcev1.DeviceTaintRule) *resourcev1.DeviceTaintRuleStatus { return &o.Status })
	if changed(op, &obj.Status, oldStatus) {
		errs = append(errs, resourcev1.Validate_DeviceTaintRuleStatus(ctx, op, field.NewPath("status"), &obj.Status, oldStatus)...)
	}
	return errs
}
