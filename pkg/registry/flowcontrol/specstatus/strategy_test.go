package specstatus

import (
	"context"
	"testing"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// TestStrategiesKeepWhatTheOtherWriterOwns checks, on FlowSchemas, that a write of the resource keeps
// the status and a write of the status keeps spec and metadata, and that the generation counts spec
// changes.
func TestStrategiesKeepWhatTheOtherWriterOwns(t *testing.T) {
	ctx := context.Background()
	noErrors := func(*flowcontrolv1.FlowSchema) field.ErrorList { return nil }
	strategy := New(noErrors, func(obj, old *flowcontrolv1.FlowSchema) field.ErrorList { return nil })
	status := strategy.Status(noErrors)
	dangling := flowcontrolv1.FlowSchemaStatus{Conditions: []flowcontrolv1.FlowSchemaCondition{{Type: flowcontrolv1.FlowSchemaConditionDangling, Status: flowcontrolv1.ConditionTrue}}}
	fs := &flowcontrolv1.FlowSchema{ObjectMeta: metav1.ObjectMeta{Name: "fs"}, Spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 10}, Status: dangling}
	strategy.PrepareForCreate(ctx, fs)
	if fs.Generation != 1 || len(fs.Status.Conditions) != 0 {
		t.Errorf("created with generation %d and status %v, want 1 and none", fs.Generation, fs.Status)
	}

	old := fs.DeepCopy()
	old.Status = dangling
	relabeled := old.DeepCopy()
	relabeled.Labels = map[string]string{"a": "b"}
	relabeled.Status = flowcontrolv1.FlowSchemaStatus{}
	strategy.PrepareForUpdate(ctx, relabeled, old)
	if relabeled.Generation != 1 || len(relabeled.Status.Conditions) != 1 {
		t.Errorf("a metadata update left generation %d and status %v, want 1 and the stored status", relabeled.Generation, relabeled.Status)
	}
	respecified := old.DeepCopy()
	respecified.Spec.MatchingPrecedence = 20
	strategy.PrepareForUpdate(ctx, respecified, old)
	if respecified.Generation != 2 {
		t.Errorf("a spec update left generation %d, want 2", respecified.Generation)
	}

	written := old.DeepCopy()
	written.Spec.MatchingPrecedence = 30
	written.Labels = map[string]string{"a": "b"}
	written.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "api-priority-and-fairness-config-consumer-v1", Subresource: "status"}}
	written.Status = flowcontrolv1.FlowSchemaStatus{}
	status.PrepareForUpdate(ctx, written, old)
	if written.Spec.MatchingPrecedence != 10 || written.Labels != nil || len(written.ManagedFields) != 1 || len(written.Status.Conditions) != 0 {
		t.Errorf("a status write kept spec %+v, labels %v, managed fields %v, status %v; want the stored spec and labels, the new managed fields and status",
			written.Spec, written.Labels, written.ManagedFields, written.Status)
	}
	want := fieldpath.NewSet(fieldpath.MakePathOrDie("metadata"), fieldpath.MakePathOrDie("spec"))
	if got := status.GetResetFields()["flowcontrol.apiserver.k8s.io/v1"]; got == nil || !got.Equals(want) {
		t.Errorf("status reset fields = %v, want spec and metadata", got)
	}
}
