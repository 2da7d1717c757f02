package devicetaintrule

import (
	"context"
	"testing"
	"time"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
)

var added = metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))

func storedRule() *resourcev1.DeviceTaintRule {
	return &resourcev1.DeviceTaintRule{
		ObjectMeta: metav1.ObjectMeta{Name: "drain", Generation: 2, ResourceVersion: "1", Labels: map[string]string{"a": "b"}},
		Spec:       resourcev1.DeviceTaintRuleSpec{Taint: resourcev1.DeviceTaint{Key: "example.com/drain", Effect: resourcev1.DeviceTaintEffectNone, TimeAdded: &added}},
		Status:     resourcev1.DeviceTaintRuleStatus{Conditions: []metav1.Condition{{Type: resourcev1.DeviceTaintConditionEvictionInProgress, Status: metav1.ConditionFalse}}},
	}
}

func TestDeviceTaintRuleStrategy(t *testing.T) {
	ctx := context.Background()
	rule := storedRule()
	Strategy.PrepareForCreate(ctx, rule)
	if rule.Generation != 1 || rule.Status.Conditions != nil {
		t.Errorf("after create: generation %d, status %+v; want 1 and none", rule.Generation, rule.Status)
	}

	// A new effect without a new timeAdded starts the clock again.
	rule = storedRule()
	rule.Spec.Taint.Effect = resourcev1.DeviceTaintEffectNoExecute
	rule.Status = resourcev1.DeviceTaintRuleStatus{}
	Strategy.PrepareForUpdate(ctx, rule, storedRule())
	if rule.Generation != 3 || rule.Spec.Taint.TimeAdded.Equal(&added) || rule.Status.Conditions == nil {
		t.Errorf("after effect change: generation %d, timeAdded %v, status %+v; want 3, now, the stored status", rule.Generation, rule.Spec.Taint.TimeAdded, rule.Status)
	}
	if Strategy.AllowUnconditionalUpdate(ctx) {
		t.Error("v1 DeviceTaintRule updates must name a resourceVersion")
	}
}

func TestDeviceTaintRuleStatusStrategy(t *testing.T) {
	ctx := context.Background()
	rule := storedRule()
	rule.Spec.Taint.Effect = resourcev1.DeviceTaintEffectNoExecute
	rule.Labels = nil
	rule.Status.Conditions = nil
	StatusStrategy.PrepareForUpdate(ctx, rule, storedRule())
	if rule.Spec.Taint.Effect != resourcev1.DeviceTaintEffectNone || rule.Labels["a"] != "b" || rule.Status.Conditions != nil {
		t.Errorf("status write: %+v; want the stored spec and labels and the written status", rule)
	}
	want := fieldpath.NewSet(fieldpath.MakePathOrDie("metadata"), fieldpath.MakePathOrDie("spec"))
	if got := StatusStrategy.GetResetFields()["resource.k8s.io/v1"]; got == nil || !got.Equals(want) {
		t.Errorf("status reset fields = %v, want metadata and spec", got)
	}
}
