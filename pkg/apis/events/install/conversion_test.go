package install

import (
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func fullEvent() *eventsv1.Event {
	now := metav1.NewTime(time.Unix(1700000000, 0))
	micro := metav1.NewMicroTime(time.Unix(1700000000, 123000))
	return &eventsv1.Event{
		ObjectMeta:               metav1.ObjectMeta{Name: "e", Namespace: "ns", Labels: map[string]string{"a": "b"}},
		EventTime:                micro,
		Series:                   &eventsv1.EventSeries{Count: 4, LastObservedTime: micro},
		ReportingController:      "example.com/c",
		ReportingInstance:        "c-0",
		Action:                   "Do",
		Reason:                   "Done",
		Regarding:                corev1.ObjectReference{Kind: "Pod", Namespace: "ns", Name: "p", FieldPath: "spec"},
		Related:                  &corev1.ObjectReference{Kind: "Node", Name: "n"},
		Note:                     "note",
		Type:                     corev1.EventTypeWarning,
		DeprecatedSource:         corev1.EventSource{Component: "kubelet", Host: "h"},
		DeprecatedFirstTimestamp: now,
		DeprecatedLastTimestamp:  now,
		DeprecatedCount:          7,
	}
}

// TestConversionRoundTrip checks that no field is lost through the core event, field by field.
func TestConversionRoundTrip(t *testing.T) {
	in := fullEvent()
	var core corev1.Event
	ToCore(in, &core)
	if core.Message != "note" || core.InvolvedObject.Name != "p" || core.Count != 7 || core.Source.Host != "h" || core.Series.Count != 4 {
		t.Errorf("core event = %+v", core)
	}
	var out eventsv1.Event
	FromCore(&core, &out)
	if !reflect.DeepEqual(in, &out) {
		t.Errorf("round trip changed the event:\n got %+v\nwant %+v", out, *in)
	}
}

// TestSchemeConvertsThroughCoreEvent checks the scheme's view: events.k8s.io's internal type is the
// core Event, so converting to the internal version yields a corev1.Event, and lists convert too.
func TestSchemeConvertsThroughCoreEvent(t *testing.T) {
	s := runtime.NewScheme()
	Install(s)
	internal := schema.GroupVersion{Group: eventsv1.GroupName, Version: runtime.APIVersionInternal}
	obj, err := s.ConvertToVersion(fullEvent(), internal)
	if err != nil {
		t.Fatal(err)
	}
	core, ok := obj.(*corev1.Event)
	if !ok || core.Message != "note" {
		t.Fatalf("internal object = %T %+v, want a corev1.Event", obj, obj)
	}
	list := &corev1.EventList{ListMeta: metav1.ListMeta{ResourceVersion: "9"}, Items: []corev1.Event{*core}}
	out, err := s.ConvertToVersion(list, eventsv1.SchemeGroupVersion)
	if err != nil {
		t.Fatal(err)
	}
	events, ok := out.(*eventsv1.EventList)
	if !ok || events.ResourceVersion != "9" || len(events.Items) != 1 || events.Items[0].Note != "note" || events.APIVersion != "events.k8s.io/v1" {
		t.Errorf("converted list = %T %+v", out, out)
	}
}
