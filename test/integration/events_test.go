package integration

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestEventsAcrossAPIs checks that core/v1 and events.k8s.io/v1 serve the same events: what one
// writes the other reads, with fields mapped as kube-apiserver maps them.
func TestEventsAcrossAPIs(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "events-both")
	now := metav1.NewTime(time.Now().Truncate(time.Second))

	_, err := client.CoreV1().Events("events-both").Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "legacy"},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "events-both", Name: "web", FieldPath: "spec.containers{app}"},
		Reason:         "Pulled",
		Message:        "pulled the image",
		Source:         corev1.EventSource{Component: "kubelet", Host: "node-1"},
		FirstTimestamp: now,
		LastTimestamp:  now,
		Count:          3,
		Type:           corev1.EventTypeNormal,
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	viaEvents, err := client.EventsV1().Events("events-both").Get(ctx, "legacy", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if viaEvents.Note != "pulled the image" || viaEvents.Regarding.Name != "web" || viaEvents.DeprecatedCount != 3 ||
		viaEvents.DeprecatedSource.Component != "kubelet" || !viaEvents.DeprecatedFirstTimestamp.Equal(&now) {
		t.Errorf("core event read through events.k8s.io/v1 = %+v", viaEvents)
	}

	eventTime := metav1.NewMicroTime(time.Now().Truncate(time.Microsecond))
	_, err = client.EventsV1().Events("events-both").Create(ctx, &eventsv1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: "modern"},
		EventTime:           eventTime,
		ReportingController: "example.com/controller",
		ReportingInstance:   "controller-0",
		Action:              "Scale",
		Reason:              "ScaledUp",
		Regarding:           corev1.ObjectReference{Kind: "ReplicationController", Namespace: "events-both", Name: "web"},
		Note:                "scaled to 3",
		Type:                corev1.EventTypeNormal,
		Series:              &eventsv1.EventSeries{Count: 2, LastObservedTime: eventTime},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	viaCore, err := client.CoreV1().Events("events-both").Get(ctx, "modern", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if viaCore.Message != "scaled to 3" || viaCore.InvolvedObject.Kind != "ReplicationController" ||
		viaCore.ReportingController != "example.com/controller" || viaCore.Series == nil || viaCore.Series.Count != 2 ||
		!viaCore.EventTime.Equal(&eventTime) {
		t.Errorf("events.k8s.io event read through core/v1 = %+v", viaCore)
	}

	list, err := client.EventsV1().Events("events-both").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list.Items {
		names = append(names, e.Name)
	}
	if !reflect.DeepEqual(names, []string{"legacy", "modern"}) {
		t.Errorf("events.k8s.io list = %v, want both events", names)
	}

	// The core event's fields selectors work; source falls back to the reporting controller.
	for selector, want := range map[string]string{
		"involvedObject.kind=Pod":                   "legacy",
		"source=example.com/controller":             "modern",
		"reportingComponent=example.com/controller": "modern",
		"reason=Pulled,type=Normal":                 "legacy",
	} {
		got, err := client.CoreV1().Events("events-both").List(ctx, metav1.ListOptions{FieldSelector: selector})
		if err != nil {
			t.Fatalf("%s: %v", selector, err)
		}
		if len(got.Items) != 1 || got.Items[0].Name != want {
			t.Errorf("%s selected %d events, want only %s", selector, len(got.Items), want)
		}
	}

	cols, rows := tableCells(t, "/apis/events.k8s.io/v1/namespaces/events-both/events", "metadata.name=modern")
	wantCols := []string{"Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("columns = %v, want %v", cols, wantCols)
	}
	if len(rows) != 1 || rows[0][3] != "replicationcontroller/web" || rows[0][5] != "example.com/controller, controller-0" || rows[0][8] != "2" {
		t.Errorf("rows = %v, want the modern event with its object, source and series count", rows)
	}
	_, rows = tableCells(t, "/api/v1/namespaces/events-both/events", "metadata.name=legacy")
	if len(rows) != 1 || rows[0][3] != "pod/web" || rows[0][4] != "spec.containers{app}" || rows[0][5] != "kubelet, node-1" || rows[0][8] != "3" {
		t.Errorf("rows = %v, want the legacy event with its subobject, source and count", rows)
	}
}

// TestEventValidationDependsOnAPI checks that events.k8s.io/v1 applies its strict rules while core/v1
// stays lenient, as upstream does for old reporters.
func TestEventValidationDependsOnAPI(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "events-strict")

	_, err := client.EventsV1().Events("events-strict").Create(ctx, &eventsv1.Event{
		ObjectMeta: metav1.ObjectMeta{Name: "no-time"},
		Regarding:  corev1.ObjectReference{Kind: "Pod", Namespace: "events-strict", Name: "p"},
		Type:       "Odd",
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "eventTime", metav1.CauseTypeFieldValueRequired, "")
	expectInvalidCause(t, err, "type", metav1.CauseTypeFieldValueInvalid, "has invalid value: Odd")

	eventTime := metav1.NewMicroTime(time.Now())
	_, err = client.EventsV1().Events("events-strict").Create(ctx, &eventsv1.Event{
		ObjectMeta: metav1.ObjectMeta{Name: "no-reporter"},
		EventTime:  eventTime,
		Regarding:  corev1.ObjectReference{Kind: "Pod", Namespace: "events-strict", Name: "p"},
		Type:       corev1.EventTypeNormal,
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "reportingController", metav1.CauseTypeFieldValueRequired, "")
	expectInvalidCause(t, err, "action", metav1.CauseTypeFieldValueRequired, "")

	// Through core/v1 the same reporter field is called reportingComponent.
	_, err = client.CoreV1().Events("events-strict").Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "core-no-reporter"},
		EventTime:      eventTime,
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "events-strict", Name: "p"},
		Reason:         "R",
		Action:         "A",
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "reportingComponent", metav1.CauseTypeFieldValueRequired, "")

	_, err = client.CoreV1().Events("events-strict").Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "elsewhere"},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "other", Name: "p"},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "involvedObject.namespace", metav1.CauseTypeFieldValueInvalid, "does not match event.namespace")

	// A bare legacy event is fine, and a PUT creates an event that does not exist yet.
	legacy := &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "put-created", Namespace: "events-strict"},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "events-strict", Name: "p"},
	}
	if _, err := client.CoreV1().Events("events-strict").Update(ctx, legacy, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("PUT of a new core event: %v", err)
	}

	created, err := client.EventsV1().Events("events-strict").Create(ctx, &eventsv1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: "fixed"},
		EventTime:           eventTime,
		ReportingController: "example.com/c",
		ReportingInstance:   "c-0",
		Action:              "Do",
		Reason:              "Done",
		Regarding:           corev1.ObjectReference{Kind: "Pod", Namespace: "events-strict", Name: "p"},
		Type:                corev1.EventTypeWarning,
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	created.Note = "rewritten"
	_, err = client.EventsV1().Events("events-strict").Update(ctx, created, metav1.UpdateOptions{})
	// The field path is the core event's, as upstream reports it.
	expectInvalidCause(t, err, "message", metav1.CauseTypeFieldValueInvalid, "field is immutable")

	_, err = client.CoreV1().Events("events-strict").List(ctx, metav1.ListOptions{FieldSelector: "note=x"})
	if !apierrors.IsBadRequest(err) {
		t.Errorf("an unknown event field label: %v, want 400", err)
	}
}
