package validatingadmissionpolicy

import (
	"context"
	"reflect"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestStrategyGenerationAndStatus(t *testing.T) {
	ctx := context.Background()
	p := &admissionregistrationv1.ValidatingAdmissionPolicy{Status: admissionregistrationv1.ValidatingAdmissionPolicyStatus{ObservedGeneration: 7}}
	Strategy.PrepareForCreate(ctx, p)
	if p.Generation != 1 || p.Status.ObservedGeneration != 0 {
		t.Errorf("after create: generation %d, status %+v; want 1 and no status", p.Generation, p.Status)
	}
	p.Status.ObservedGeneration = 1
	labelled := p.DeepCopy()
	labelled.Labels = map[string]string{"a": "b"}
	labelled.Status = admissionregistrationv1.ValidatingAdmissionPolicyStatus{}
	Strategy.PrepareForUpdate(ctx, labelled, p)
	if labelled.Generation != 1 || labelled.Status.ObservedGeneration != 1 {
		t.Errorf("metadata update: generation %d, status %+v; want 1 and the stored status", labelled.Generation, labelled.Status)
	}
	changed := p.DeepCopy()
	changed.Spec.Validations = []admissionregistrationv1.Validation{{Expression: "true"}}
	Strategy.PrepareForUpdate(ctx, changed, p)
	if changed.Generation != 2 {
		t.Errorf("spec update: generation %d, want 2", changed.Generation)
	}
	status := p.DeepCopy()
	status.Spec.Validations = []admissionregistrationv1.Validation{{Expression: "false"}}
	status.Status.ObservedGeneration = 2
	StatusStrategy.PrepareForUpdate(ctx, status, p)
	if status.Spec.Validations != nil || status.Status.ObservedGeneration != 2 {
		t.Errorf("status update: spec %+v, status %+v; want the stored spec and the new status", status.Spec, status.Status)
	}
}

func TestTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-time.Hour))
	list := &admissionregistrationv1.ValidatingAdmissionPolicyList{Items: []admissionregistrationv1.ValidatingAdmissionPolicy{
		{ObjectMeta: metav1.ObjectMeta{Name: "params", CreationTimestamp: created}, Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			ParamKind:   &admissionregistrationv1.ParamKind{APIVersion: "example.com/v1", Kind: "Limits"},
			Validations: []admissionregistrationv1.Validation{{}, {}},
		}},
		{ObjectMeta: metav1.ObjectMeta{Name: "plain", CreationTimestamp: created}},
	}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]interface{}{{"params", int64(2), "example.com/v1/Limits", "60m"}, {"plain", int64(0), "<unset>", "60m"}}
	for i, row := range table.Rows {
		if !reflect.DeepEqual(row.Cells, want[i]) {
			t.Errorf("row %d = %#v, want %#v", i, row.Cells, want[i])
		}
	}
}
