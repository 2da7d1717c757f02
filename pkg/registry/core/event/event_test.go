package event

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// TestSelectableFieldsMatchScheme keeps the fields an event can be selected by in step with the field
// labels the scheme accepts in a request's fieldSelector.
func TestSelectableFieldsMatchScheme(t *testing.T) {
	gvk := corev1.SchemeGroupVersion.WithKind("Event")
	for label, value := range SelectableFields(&corev1.Event{}) {
		if _, _, err := scheme.Scheme.ConvertFieldLabel(gvk, label, value); err != nil {
			t.Errorf("selectable field %q is rejected by the scheme: %v", label, err)
		}
	}
	if _, _, err := scheme.Scheme.ConvertFieldLabel(gvk, "message", "x"); err == nil {
		t.Error("the scheme accepts an unknown field label, so this test proves nothing")
	}
}

func TestEventRows(t *testing.T) {
	hourAgo := time.Now().Add(-time.Hour)
	tests := []struct {
		name  string
		event corev1.Event
		want  []interface{}
	}{{
		name: "legacy event",
		event: corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Name: "web.1"},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", FieldPath: "spec.containers{app}"},
			Reason:         "BackOff", Message: " restarting \n", Type: "Warning",
			Source:         corev1.EventSource{Component: "kubelet", Host: "node-1"},
			FirstTimestamp: metav1.NewTime(hourAgo), LastTimestamp: metav1.NewTime(hourAgo), Count: 5,
		},
		want: []interface{}{"60m", "Warning", "BackOff", "pod/web", "spec.containers{app}", "kubelet, node-1", "restarting", "60m", int64(5), "web.1"},
	}, {
		name: "events.k8s.io singleton",
		event: corev1.Event{
			ObjectMeta:          metav1.ObjectMeta{Name: "n.1"},
			InvolvedObject:      corev1.ObjectReference{Kind: "Node"},
			EventTime:           metav1.NewMicroTime(hourAgo),
			ReportingController: "example.com/c",
			Reason:              "Ready", Type: "Normal",
		},
		want: []interface{}{"60m", "Normal", "Ready", "node", "", "example.com/c", "", "60m", int64(1), "n.1"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), &tt.event, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cells = %#v\nwant    %#v", got, tt.want)
			}
		})
	}
}
