// Package clustertrustbundle implements the strategy, field selectors and table columns of
// certificates.k8s.io/v1 ClusterTrustBundles.
package clustertrustbundle

import (
	"context"

	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/apis/certificates/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type ctbStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of ClusterTrustBundles.
var Strategy = ctbStrategy{basestrategy.ClusterScoped}

// PrepareForCreate does nothing: a bundle has no status or server-set fields.
func (ctbStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

// PrepareForUpdate does nothing: every field but the signer name may change.
func (ctbStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {}

// Validate checks a new bundle.
func (ctbStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateClusterTrustBundle(obj.(*certificatesv1.ClusterTrustBundle))
}

// ValidateUpdate checks an update of a bundle.
func (ctbStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateClusterTrustBundleUpdate(obj.(*certificatesv1.ClusterTrustBundle), old.(*certificatesv1.ClusterTrustBundle))
}

// AllowUnconditionalUpdate is false: bundles are replaced whole, so a stale write would drop
// another writer's anchors.
func (ctbStrategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

// GetAttrs returns the labels and the selectable fields of a bundle.
var GetAttrs = basestrategy.Attrs("a ClusterTrustBundle", SelectableFields)

// SelectableFields returns the fields a field selector may match on a bundle.
func SelectableFields(bundle *certificatesv1.ClusterTrustBundle) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{"spec.signerName": bundle.Spec.SignerName}, &bundle.ObjectMeta, false)
}
