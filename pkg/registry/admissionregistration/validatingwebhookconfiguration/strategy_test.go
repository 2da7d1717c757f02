package validatingwebhookconfiguration

import (
	"context"
	"reflect"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestStrategyGeneration(t *testing.T) {
	ctx := context.Background()
	c := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	Strategy.PrepareForCreate(ctx, c)
	labelled := c.DeepCopy()
	labelled.Labels = map[string]string{"a": "b"}
	Strategy.PrepareForUpdate(ctx, labelled, c)
	changed := c.DeepCopy()
	changed.Webhooks = []admissionregistrationv1.ValidatingWebhook{{Name: "a.b.c"}}
	Strategy.PrepareForUpdate(ctx, changed, c)
	if c.Generation != 1 || labelled.Generation != 1 || changed.Generation != 2 {
		t.Errorf("generations after create, label and webhook change = %d, %d, %d; want 1, 1, 2", c.Generation, labelled.Generation, changed.Generation)
	}
}

func TestTable(t *testing.T) {
	list := &admissionregistrationv1.ValidatingWebhookConfigurationList{Items: []admissionregistrationv1.ValidatingWebhookConfiguration{{
		ObjectMeta: metav1.ObjectMeta{Name: "hooks", CreationTimestamp: metav1.NewTime(time.Now().Add(-2 * time.Minute))},
		Webhooks:   []admissionregistrationv1.ValidatingWebhook{{}, {}, {}},
	}}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []interface{}{"hooks", int64(3), "2m"}; !reflect.DeepEqual(table.Rows[0].Cells, want) {
		t.Errorf("row = %#v, want %#v", table.Rows[0].Cells, want)
	}
}
