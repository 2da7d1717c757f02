// Package storageversionmigration implements the strategies and table columns of
// storagemigration.k8s.io/v1 StorageVersionMigrations.
package storageversionmigration

import (
	"context"

	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/storagemigration/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion = "storagemigration.k8s.io/v1"

type strategy struct {
	basestrategy.Base
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of StorageVersionMigrations.
var Strategy = strategy{basestrategy.ClusterScoped, basestrategy.KeepsStatusIn{GroupVersion: groupVersion}}

// AllowUnconditionalUpdate is false: as upstream, an update must carry the resourceVersion it read.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// PrepareForCreate drops the status, which the migrator writes. As upstream, there is no generation.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*storagemigrationv1.StorageVersionMigration).Status = storagemigrationv1.StorageVersionMigrationStatus{}
}

// PrepareForUpdate keeps the status.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*storagemigrationv1.StorageVersionMigration).Status = old.(*storagemigrationv1.StorageVersionMigration).Status
}

// Validate checks a new StorageVersionMigration.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateStorageVersionMigration(obj.(*storagemigrationv1.StorageVersionMigration))
}

// ValidateUpdate checks an updated StorageVersionMigration.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateStorageVersionMigrationUpdate(obj.(*storagemigrationv1.StorageVersionMigration), old.(*storagemigrationv1.StorageVersionMigration))
}

type statusStrategy struct{ strategy }

// StatusStrategy is the update behaviour of storageversionmigrations/status.
var StatusStrategy = statusStrategy{Strategy}

// GetResetFields resets the spec and, unlike most status strategies, the metadata: a status write
// changes nothing else.
func (statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "metadata", "spec")
}

// PrepareForUpdate keeps the spec and the metadata a status write may not change.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	svm, oldSVM := obj.(*storagemigrationv1.StorageVersionMigration), old.(*storagemigrationv1.StorageVersionMigration)
	svm.Spec = oldSVM.Spec
	metav1.ResetObjectMetaForStatus(&svm.ObjectMeta, &oldSVM.ObjectMeta)
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateStorageVersionMigrationStatusUpdate(obj.(*storagemigrationv1.StorageVersionMigration), old.(*storagemigrationv1.StorageVersionMigration))
}
