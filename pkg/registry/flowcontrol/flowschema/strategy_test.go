package flowschema

import (
	"context"
	"testing"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func TestFlowSchemaStrategies(t *testing.T) {
	ctx := context.Background()
	dangling := flowcontrolv1.FlowSchemaStatus{Conditions: []flowcontrolv1.FlowSchemaCondition{{Type: flowcontrolv1.FlowSchemaConditionDangling, Status: flowcontrolv1.ConditionTrue}}}
	fs := &flowcontrolv1.FlowSchema{ObjectMeta: metav1.ObjectMeta{Name: "fs"}, Spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 10}, Status: dangling}
	Strategy.PrepareForCreate(ctx, fs)
	if fs.Generation != 1 || len(fs.Status.Conditions) != 0 {
		t.Errorf("created with generation %d and status %v, want 1 and none", fs.Generation, fs.Status)
	}

	old := fs.DeepCopy()
	old.Status = dangling
	relabeled := old.DeepCopy()
	relabeled.Labels = map[string]string{"a": "b"}
	relabeled.Status = flowcontrolv1.FlowSchemaStatus{}
	Strategy.PrepareForUpdate(ctx, relabeled, old)
	if relabeled.Generation != 1 || len(relabeled.Status.Conditions) != 1 {
		t.Errorf("a metadata update left generation %d and status %v, want 1 and the stored status", relabeled.Generation, relabeled.Status)
	}
	respecified := old.DeepCopy()
	respecified.Spec.MatchingPrecedence = 20
	Strategy.PrepareForUpdate(ctx, respecified, old)
	if respecified.Generation != 2 {
		t.Errorf("a spec update left generation %d, want 2", respecified.Generation)
	}

	status := old.DeepCopy()
	status.Spec.MatchingPrecedence = 30
	status.Labels = map[string]string{"a": "b"}
	status.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "api-priority-and-fairness-config-consumer-v1", Subresource: "status"}}
	status.Status = flowcontrolv1.FlowSchemaStatus{}
	StatusStrategy.PrepareForUpdate(ctx, status, old)
	if status.Spec.MatchingPrecedence != 10 || status.Labels != nil || len(status.ManagedFields) != 1 || len(status.Status.Conditions) != 0 {
		t.Errorf("a status write kept spec %+v, labels %v, managed fields %v, status %v; want the stored spec and labels, the new managed fields and status",
			status.Spec, status.Labels, status.ManagedFields, status.Status)
	}
	want := fieldpath.NewSet(fieldpath.MakePathOrDie("metadata"), fieldpath.MakePathOrDie("spec"))
	if got := StatusStrategy.GetResetFields()["flowcontrol.apiserver.k8s.io/v1"]; got == nil || !got.Equals(want) {
		t.Errorf("status reset fields = %v, want spec and metadata", got)
	}
}
