package validation

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var eventsV1 = schema.GroupVersion{Group: "events.k8s.io", Version: "v1"}

func newEvent() *corev1.Event {
	return &corev1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: "e", Namespace: "ns", ResourceVersion: "1"},
		InvolvedObject:      corev1.ObjectReference{Kind: "Pod", Namespace: "ns", Name: "p"},
		EventTime:           metav1.NewMicroTime(time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)),
		ReportingController: "example.com/c",
		ReportingInstance:   "c-0",
		Action:              "Do",
		Reason:              "Done",
		Type:                corev1.EventTypeNormal,
	}
}

func TestValidateEventCreate(t *testing.T) {
	tests := []struct {
		name    string
		version schema.GroupVersion
		mutate  func(*corev1.Event)
		want    []string
	}{
		{"new style through events.k8s.io", eventsV1, func(*corev1.Event) {}, nil},
		{"legacy through core", corev1.SchemeGroupVersion, func(e *corev1.Event) { *e = corev1.Event{ObjectMeta: e.ObjectMeta, InvolvedObject: e.InvolvedObject} }, nil},
		{"legacy cluster-scoped object in default", corev1.SchemeGroupVersion, func(e *corev1.Event) {
			*e = corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "e", Namespace: "default"}, InvolvedObject: corev1.ObjectReference{Kind: "Node", Name: "n"}}
		}, nil},
		{"legacy namespace mismatch", corev1.SchemeGroupVersion, func(e *corev1.Event) {
			*e = corev1.Event{ObjectMeta: e.ObjectMeta, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "other"}}
		}, []string{`involvedObject.namespace: Invalid value: "other": does not match event.namespace`}},
		{"core reporter is reportingComponent", corev1.SchemeGroupVersion, func(e *corev1.Event) { e.ReportingController = "" }, []string{
			"reportingComponent: Required value",
			`reportingComponent: Invalid value: "": name part must be non-empty`,
			`reportingComponent: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		}},
		{"strict fields", eventsV1, func(e *corev1.Event) {
			e.Type = "Odd"
			e.Count = 2
			e.Source.Component = "kubelet"
			e.FirstTimestamp = metav1.Now()
			e.Series = &corev1.EventSeries{Count: 1}
		}, []string{
			`type: Invalid value: "": has invalid value: Odd`,
			`count: Invalid value: "": needs to be unset`,
			`source: Invalid value: "": needs to be unset`,
			`firstTimestamp: Invalid value: "": needs to be unset`,
			`series.count: Invalid value: "": should be at least 2`,
			`series.lastObservedTime: Required value`,
		}},
		{"length limits", eventsV1, func(e *corev1.Event) {
			e.Reason = strings.Repeat("r", 129)
			e.Message = strings.Repeat("m", 1025)
		}, []string{
			`reason: Invalid value: "": can have at most 128 characters`,
			`message: Invalid value: "": can have at most 1024 characters`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEvent()
			tt.mutate(e)
			expectErrors(t, ValidateEventCreate(e, tt.version), tt.want...)
		})
	}
}

func TestValidateEventUpdate(t *testing.T) {
	old := newEvent()
	changed := newEvent()
	changed.Message = "new"
	changed.Action = "Undo"
	expectErrors(t, ValidateEventUpdate(changed, old, eventsV1),
		`message: Invalid value: "new": field is immutable`,
		`action: Invalid value: "Undo": field is immutable`,
	)
	expectErrors(t, ValidateEventUpdate(changed, old, corev1.SchemeGroupVersion))

	truncated := newEvent()
	truncated.EventTime = metav1.NewMicroTime(old.EventTime.Add(500 * time.Nanosecond))
	expectErrors(t, ValidateEventUpdate(truncated, old, eventsV1))
}
