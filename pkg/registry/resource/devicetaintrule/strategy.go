// Package devicetaintrule implements the strategies and table columns of resource.k8s.io/v1
// DeviceTaintRules, which taint every device they select as if its driver had.
package devicetaintrule

import (
	"context"
	"time"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/resource/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

const groupVersion = "resource.k8s.io/v1"

type strategy struct {
	basestrategy.Base
	basestrategy.DeclarativeValidation
	basestrategy.KeepsStatusIn
}

// Strategy is the create, update and delete behaviour of DeviceTaintRules.
var Strategy = strategy{Base: basestrategy.ClusterScoped, KeepsStatusIn: basestrategy.KeepsStatusIn{GroupVersion: groupVersion}}

// PrepareForCreate drops the status, which the eviction controller writes, and starts the
// generation at 1.
func (strategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	rule := obj.(*resourcev1.DeviceTaintRule)
	rule.Status = resourcev1.DeviceTaintRuleStatus{}
	rule.Generation = 1
}

// PrepareForUpdate keeps the status and bumps the generation when the spec changes. A new effect
// that comes without a new timeAdded gets the current time, so that tolerationSeconds count from
// when the effect, not the rule, appeared.
func (strategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	rule, oldRule := obj.(*resourcev1.DeviceTaintRule), old.(*resourcev1.DeviceTaintRule)
	rule.Status = oldRule.Status
	if taint, oldTaint := &rule.Spec.Taint, oldRule.Spec.Taint; taint.Effect != oldTaint.Effect && taint.TimeAdded.Equal(oldTaint.TimeAdded) {
		// Only seconds survive encoding.
		taint.TimeAdded = &metav1.Time{Time: time.Now().Truncate(time.Second)}
	}
	basestrategy.BumpGenerationOnSpecChange(rule, oldRule, rule.Spec, oldRule.Spec)
}

// Validate checks a new DeviceTaintRule.
func (strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateDeviceTaintRule(obj.(*resourcev1.DeviceTaintRule))
}

// ValidateUpdate checks an updated DeviceTaintRule.
func (strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateDeviceTaintRuleUpdate(obj.(*resourcev1.DeviceTaintRule), old.(*resourcev1.DeviceTaintRule))
}

// AllowUnconditionalUpdate is false: in resource.k8s.io/v1 an update must name the
// resourceVersion it read, unlike in the beta versions.
func (strategy) AllowUnconditionalUpdate(ctx context.Context) bool { return false }

type statusStrategy struct {
	strategy
}

// StatusStrategy is the update behaviour of devicetaintrules/status.
var StatusStrategy = statusStrategy{Strategy}

// GetResetFields lists metadata and spec, which a status write leaves alone.
func (statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return basestrategy.ResetFields(groupVersion, "metadata", "spec")
}

// PrepareForUpdate keeps the spec and the metadata that only the main resource may change.
func (statusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	rule, oldRule := obj.(*resourcev1.DeviceTaintRule), old.(*resourcev1.DeviceTaintRule)
	rule.Spec = oldRule.Spec
	metav1.ResetObjectMetaForStatus(&rule.ObjectMeta, &oldRule.ObjectMeta)
}

// ValidateUpdate checks a status write.
func (statusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateDeviceTaintRuleStatusUpdate(obj.(*resourcev1.DeviceTaintRule), old.(*resourcev1.DeviceTaintRule))
}
