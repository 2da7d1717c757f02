// Package persistentvolumeclaim implements the strategies and table columns of the
// persistentvolumeclaims resource.
package persistentvolumeclaim

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// betaStorageClassAnnotation is the pre-1.8 way of naming a claim's storage class.
const betaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class"

type strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

// Strategy is the create, update and delete behaviour of persistent volume claims.
var Strategy = strategy{scheme.Scheme, names.SimpleNameGenerator}

// NamespaceScoped is true: claims live in a namespace.
func (strategy) NamespaceScoped() bool { return true }

// GetResetFields lists the fields a main-resource write leaves alone.
func (strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{"v1": fieldpath.NewSet(fieldpath.MakePathOrDie("status"))}
}

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

// Canonicalize does nothing.
func (strategy) Canonicalize(obj runtime.Object) {}

// AllowCreateOnUpdate is false: a PUT to a missing claim is a 404.
func (strategy) AllowCreateOnUpdate(ctx context.Context) bool { return false }

// ValidateUpdate checks an update of a claim's spec.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePersistentVolumeClaimUpdate(obj.(*corev1.PersistentVolumeClaim), old.(*corev1.PersistentVolumeClaim))
}

// WarningsOnUpdate warns about deprecated annotations and fractional byte requests.
func (strategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return warnings(obj.(*corev1.PersistentVolumeClaim))
}

// AllowUnconditionalUpdate is true: updates without a resourceVersion are accepted.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return true }

func warnings(pvc *corev1.PersistentVolumeClaim) []string {
	var out []string
	if _, ok := pvc.Annotations[betaStorageClassAnnotation]; ok {
		out = append(out, `metadata.annotations[`+betaStorageClassAnnotation+`]: deprecated since v1.8; use "storageClassName" attribute instead`)
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
}

// StatusStrategy is the update behaviour of persistentvolumeclaims/status.
var StatusStrategy = statusStrategy{Strategy}

// GetResetFields lists the fields a status write leaves alone.
func (statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{"v1": fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))}
}

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
