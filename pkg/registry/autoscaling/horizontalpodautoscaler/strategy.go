package horizontalpodautoscaler

import (
	"context"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/autoscaling/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// servedVersions are the versions whose server-side apply requests the reset fields apply to.
var servedVersions = []fieldpath.APIVersion{
	fieldpath.APIVersion(autoscalingv1.SchemeGroupVersion.String()),
	fieldpath.APIVersion(autoscalingv2.SchemeGroupVersion.String()),
}

// resetFields lists path, in every served version, as a field that a write leaves alone.
func resetFields(path string) map[fieldpath.APIVersion]*fieldpath.Set {
	fields := map[fieldpath.APIVersion]*fieldpath.Set{}
	for _, v := range servedVersions {
		fields[v] = fieldpath.NewSet(fieldpath.MakePathOrDie(path))
	}
	return fields
}

type hpaStrategy struct {
	basestrategy.Base
}

// Strategy is the create, update and delete behaviour of horizontal pod autoscalers.
var Strategy = hpaStrategy{Base: basestrategy.Namespaced}

// GetResetFields lists status, which only the autoscaler controller writes, through status.
func (hpaStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return resetFields("status")
}

// PrepareForCreate drops the status and starts the generation at 1.
func (hpaStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	hpa := obj.(*autoscalingv2.HorizontalPodAutoscaler)
	hpa.Status = autoscalingv2.HorizontalPodAutoscalerStatus{}
	hpa.Generation = 1
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes, so that
// status.observedGeneration tells whether the controller has acted on the latest spec.
func (hpaStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	hpa, oldHPA := obj.(*autoscalingv2.HorizontalPodAutoscaler), old.(*autoscalingv2.HorizontalPodAutoscaler)
	hpa.Status = oldHPA.Status
	if !apiequality.Semantic.DeepEqual(hpa.Spec, oldHPA.Spec) {
		hpa.Generation = oldHPA.Generation + 1
	}
}

// Validate checks a new autoscaler.
func (hpaStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	hpa := obj.(*autoscalingv2.HorizontalPodAutoscaler)
	return validation.ValidateHorizontalPodAutoscaler(hpa, validation.OptionsFor(hpa, nil))
}

// ValidateUpdate checks an update of an autoscaler.
func (hpaStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	hpa, oldHPA := obj.(*autoscalingv2.HorizontalPodAutoscaler), old.(*autoscalingv2.HorizontalPodAutoscaler)
	return validation.ValidateHorizontalPodAutoscalerUpdate(hpa, oldHPA, validation.OptionsFor(hpa, oldHPA))
}

type hpaStatusStrategy struct {
	hpaStrategy
}

// StatusStrategy is the update behaviour of horizontalpodautoscalers/status.
var StatusStrategy = hpaStatusStrategy{hpaStrategy: Strategy}

// GetResetFields lists spec, which a status write leaves alone.
func (hpaStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return resetFields("spec")
}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (hpaStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*autoscalingv2.HorizontalPodAutoscaler).Spec = old.(*autoscalingv2.HorizontalPodAutoscaler).Spec
}

// ValidateUpdate checks a status update.
func (hpaStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateHorizontalPodAutoscalerStatusUpdate(obj.(*autoscalingv2.HorizontalPodAutoscaler), old.(*autoscalingv2.HorizontalPodAutoscaler))
}
