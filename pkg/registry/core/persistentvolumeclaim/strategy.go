// Package persistentvolumeclaim implements the strategies and table columns of the
// persistentvolumeclaims resource.
package persistentvolumeclaim

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
	"github.com/kapi-dev/kapi/pkg/registry/core/persistentvolume"
)

type strategy struct {
	basestrategy.Base
	basestrategy.KeepsStatus
}

// Strategy is the create, update and delete behaviour of persistent volume claims.
var Strategy = strategy{Base: basestrategy.Namespaced}

// PrepareForCreate drops the status, which the volume controller owns, and keeps dataSource and
// dataSourceRef in step.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	pvc := obj.(*corev1.PersistentVolumeClaim)
	pvc.Status = corev1.PersistentVolumeClaimStatus{}
	dropUnsupportedDataSource(&pvc.Spec, nil)
	normalizeDataSources(&pvc.Spec)
}

// PrepareForUpdate keeps the stored status, and fills in the data source fields an older client
// left out.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	pvc, oldPVC := obj.(*corev1.PersistentVolumeClaim), old.(*corev1.PersistentVolumeClaim)
	pvc.Status = oldPVC.Status
	dropUnsupportedDataSource(&pvc.Spec, &oldPVC.Spec)
	normalizeDataSources(&pvc.Spec)
}

// Validate checks a new claim.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidatePersistentVolumeClaim(obj.(*corev1.PersistentVolumeClaim))
}

// WarningsOnCreate warns about deprecated annotations and fractional byte requests.
func (strategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return warnings(obj.(*corev1.PersistentVolumeClaim))
}

// ValidateUpdate checks an update of a claim's spec.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePersistentVolumeClaimUpdate(obj.(*corev1.PersistentVolumeClaim), old.(*corev1.PersistentVolumeClaim))
}

// WarningsOnUpdate warns about deprecated annotations and fractional byte requests.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return warnings(obj.(*corev1.PersistentVolumeClaim))
}

func warnings(pvc *corev1.PersistentVolumeClaim) []string {
	var out []string
	if _, ok := pvc.Annotations[corev1.BetaStorageClassAnnotation]; ok {
		out = append(out, persistentvolume.BetaStorageClassWarning)
	}
	for _, list := range []struct {
		path      string
		resources corev1.ResourceList
	}{{"spec.resources.requests", pvc.Spec.Resources.Requests}, {"spec.resources.limits", pvc.Spec.Resources.Limits}} {
		if q, ok := list.resources[corev1.ResourceStorage]; ok && q.MilliValue()%1000 != 0 {
			out = append(out, fmt.Sprintf("%s[%s]: fractional byte value %q is invalid, must be an integer", list.path, corev1.ResourceStorage, q.String()))
		}
	}
	return out
}

// dropUnsupportedDataSource drops a dataSource that is neither a claim nor a volume snapshot, as
// upstream has always ignored such sources, unless the stored claim already had a data source.
func dropUnsupportedDataSource(spec, oldSpec *corev1.PersistentVolumeClaimSpec) {
	if oldSpec != nil && (oldSpec.DataSource != nil || oldSpec.DataSourceRef != nil) {
		return
	}
	if ds := spec.DataSource; ds != nil {
		group := ""
		if ds.APIGroup != nil {
			group = *ds.APIGroup
		}
		isClaim := group == "" && ds.Kind == "PersistentVolumeClaim"
		isSnapshot := group == "snapshot.storage.k8s.io" && ds.Kind == "VolumeSnapshot"
		if !isClaim && !isSnapshot {
			spec.DataSource = nil
		}
	}
}

// normalizeDataSources copies dataSource into dataSourceRef or back when only one is set; a
// cross-namespace dataSourceRef has no dataSource equivalent.
func normalizeDataSources(spec *corev1.PersistentVolumeClaimSpec) {
	switch {
	case spec.DataSource != nil && spec.DataSourceRef == nil:
		ds := spec.DataSource.DeepCopy()
		spec.DataSourceRef = &corev1.TypedObjectReference{APIGroup: ds.APIGroup, Kind: ds.Kind, Name: ds.Name}
	case spec.DataSourceRef != nil && spec.DataSource == nil:
		ref := spec.DataSourceRef.DeepCopy()
		if ref.Namespace == nil || *ref.Namespace == "" {
			spec.DataSource = &corev1.TypedLocalObjectReference{APIGroup: ref.APIGroup, Kind: ref.Kind, Name: ref.Name}
		}
	}
}

type statusStrategy struct {
	strategy
	basestrategy.KeepsSpec
}

// StatusStrategy is the update behaviour of persistentvolumeclaims/status.
var StatusStrategy = statusStrategy{strategy: Strategy}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.PersistentVolumeClaim).Spec = old.(*corev1.PersistentVolumeClaim).Spec
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePersistentVolumeClaimStatusUpdate(obj.(*corev1.PersistentVolumeClaim), old.(*corev1.PersistentVolumeClaim))
}

// WarningsOnUpdate returns no warnings.
func (statusStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}
