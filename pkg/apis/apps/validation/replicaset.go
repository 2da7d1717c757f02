package validation

import (
	appsv1 "k8s.io/api/apps/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	corevalidation "github.com/kapi-dev/kapi/pkg/apis/core/validation"
)

// ValidateReplicaSet checks a new replica set.
func ValidateReplicaSet(rs *appsv1.ReplicaSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMeta(&rs.ObjectMeta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(errs, validateReplicaSetSpec(&rs.Spec, field.NewPath("spec"))...)
}

// ValidateReplicaSetUpdate checks an update of a replica set: the new object as a whole, and a
// selector that has not changed.
func ValidateReplicaSetUpdate(rs, oldRS *appsv1.ReplicaSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&rs.ObjectMeta, &oldRS.ObjectMeta, field.NewPath("metadata"))
	errs = append(errs, validateReplicaSetSpec(&rs.Spec, field.NewPath("spec"))...)
	return append(errs, validateImmutableSelector(rs.Spec.Selector, oldRS.Spec.Selector)...)
}

// ValidateReplicaSetStatusUpdate checks a write of replicasets/status.
func ValidateReplicaSetStatusUpdate(rs, oldRS *appsv1.ReplicaSet) field.ErrorList {
	errs := corevalidation.ValidateObjectMetaUpdate(&rs.ObjectMeta, &oldRS.ObjectMeta, field.NewPath("metadata"))
	status, path := rs.Status, field.NewPath("status")
	errs = append(errs, nonnegative(int64(status.Replicas), path.Child("replicas"))...)
	errs = append(errs, nonnegative(int64(status.FullyLabeledReplicas), path.Child("fullyLabeledReplicas"))...)
	errs = append(errs, nonnegative(int64(status.ReadyReplicas), path.Child("readyReplicas"))...)
	errs = append(errs, nonnegative(int64(status.AvailableReplicas), path.Child("availableReplicas"))...)
	errs = append(errs, nonnegative(status.ObservedGeneration, path.Child("observedGeneration"))...)
	errs = append(errs, validateOptionalNonnegative(status.TerminatingReplicas, path.Child("terminatingReplicas"))...)
	errs = append(errs, validateReplicaSubsets(path, status.Replicas, status.ReadyReplicas, status.AvailableReplicas,
		namedCount{"fullyLabeledReplicas", status.FullyLabeledReplicas})...)
	return errs
}

func validateReplicaSetSpec(spec *appsv1.ReplicaSetSpec, fldPath *field.Path) field.ErrorList {
	errs := nonnegative(int64(ptr.Deref(spec.Replicas, 0)), fldPath.Child("replicas"))
	errs = append(errs, nonnegative(int64(spec.MinReadySeconds), fldPath.Child("minReadySeconds"))...)
	// Upstream's message calls a replica set a deployment here.
	return append(errs, validateReplicaSetPods(spec.Selector, &spec.Template, "deployment", fldPath)...)
}
