// Package storageclass implements the strategy and table columns of storage.k8s.io/v1
// StorageClasses.
package storageclass

import (
	"context"

	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/storage/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type storageClassStrategy struct{ basestrategy.Base }

// Strategy is the create, update and delete behaviour of StorageClasses.
var Strategy = storageClassStrategy{basestrategy.ClusterScoped}

// PrepareForCreate keeps the class as sent: it has no status and no generation.
func (storageClassStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate keeps the class as sent.
func (storageClassStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new StorageClass.
func (storageClassStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateStorageClass(obj.(*storagev1.StorageClass))
}

// WarningsOnCreate warns about allowed topologies that select deprecated node labels.
func (storageClassStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return topologyWarnings(obj.(*storagev1.StorageClass))
}

// WarningsOnUpdate warns about allowed topologies that select deprecated node labels.
func (storageClassStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return topologyWarnings(obj.(*storagev1.StorageClass))
}

func topologyWarnings(sc *storagev1.StorageClass) []string {
	var warnings []string
	for i, term := range sc.AllowedTopologies {
		for j, expr := range term.MatchLabelExpressions {
			path := field.NewPath("allowedTopologies").Index(i).Child("matchLabelExpressions").Index(j).Child("key")
			if w, ok := basestrategy.DeprecatedNodeLabelWarning(expr.Key, path); ok {
				warnings = append(warnings, w)
			}
		}
	}
	return warnings
}

// ValidateUpdate checks the updated class as a new one, then what may not change.
func (storageClassStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	sc := obj.(*storagev1.StorageClass)
	allErrs := validation.ValidateStorageClass(sc)
	return append(allErrs, validation.ValidateStorageClassUpdate(sc, old.(*storagev1.StorageClass))...)
}
