package horizontalpodautoscaler

import (
	"context"
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	_ "github.com/kapi-dev/kapi/pkg/apis/autoscaling/install"
)

func TestAutoscalingStrategyGeneration(t *testing.T) {
	ctx := context.Background()
	hpa := &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       autoscalingv2.HorizontalPodAutoscalerSpec{MaxReplicas: 3},
		Status:     autoscalingv2.HorizontalPodAutoscalerStatus{CurrentReplicas: 9},
	}
	Strategy.PrepareForCreate(ctx, hpa)
	if hpa.Generation != 1 || hpa.Status.CurrentReplicas != 0 {
		t.Errorf("after create: generation %d, status %+v; want 1 and no status", hpa.Generation, hpa.Status)
	}

	old := hpa.DeepCopy()
	old.Status.CurrentReplicas = 2
	same := old.DeepCopy()
	same.Labels = map[string]string{"a": "b"}
	same.Status.CurrentReplicas = 7
	Strategy.PrepareForUpdate(ctx, same, old)
	if same.Generation != 1 || same.Status.CurrentReplicas != 2 {
		t.Errorf("metadata-only update: generation %d, currentReplicas %d; want 1 and the old status", same.Generation, same.Status.CurrentReplicas)
	}
	changed := old.DeepCopy()
	changed.Spec.MaxReplicas = 4
	Strategy.PrepareForUpdate(ctx, changed, old)
	if changed.Generation != 2 {
		t.Errorf("spec update: generation %d, want 2", changed.Generation)
	}

	status := old.DeepCopy()
	status.Spec.MaxReplicas = 10
	status.Status.CurrentReplicas = 3
	StatusStrategy.PrepareForUpdate(ctx, status, old)
	if status.Spec.MaxReplicas != 3 || status.Status.CurrentReplicas != 3 || status.Generation != 1 {
		t.Errorf("status update: spec %+v, status %+v, generation %d; want the old spec and the new status", status.Spec, status.Status, status.Generation)
	}
}

func TestAutoscalingStrategyResetFields(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fields map[fieldpath.APIVersion]*fieldpath.Set
		path   string
	}{
		{"main", Strategy.GetResetFields(), "status"},
		{"status", StatusStrategy.GetResetFields(), "spec"},
	} {
		want := fieldpath.NewSet(fieldpath.MakePathOrDie(tc.path))
		for _, v := range []fieldpath.APIVersion{"autoscaling/v1", "autoscaling/v2"} {
			if got := tc.fields[v]; got == nil || !got.Equals(want) {
				t.Errorf("%s strategy resets %v in %s, want %s", tc.name, got, v, tc.path)
			}
		}
		if len(tc.fields) != 2 {
			t.Errorf("%s strategy resets fields in %d versions, want 2", tc.name, len(tc.fields))
		}
	}
}

func TestAutoscalingStrategyValidate(t *testing.T) {
	ctx := context.Background()
	hpa := &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{Kind: "ReplicationController", Name: "web"},
			MaxReplicas:    3,
			Metrics:        nil,
		},
	}
	if errs := Strategy.Validate(ctx, hpa); len(errs) != 0 {
		t.Errorf("a ReplicationController target without apiVersion: errors %v, want none", errs)
	}
	hpa.Spec.ScaleTargetRef.Kind = "Deployment"
	if errs := Strategy.Validate(ctx, hpa); len(errs) != 1 || errs[0].Error() != `spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group` {
		t.Errorf("a Deployment target without apiVersion: errors %v", errs)
	}
}
