// Package install registers the events.k8s.io API group into kapi's scheme. Unlike the other groups,
// its internal version is the core Event: events.k8s.io/v1 events are core events seen through
// another schema, stored under the same etcd keys, so the published eventsv1 types are converted to
// and from corev1.Event, as kube-apiserver converts both to its internal core Event.
package install

import (
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers events.k8s.io/v1, with corev1.Event as the group's internal type and the
// conversions between the two.
func Install(s *runtime.Scheme) {
	utilruntime.Must(eventsv1.AddToScheme(s))
	internal := schema.GroupVersion{Group: eventsv1.GroupName, Version: runtime.APIVersionInternal}
	s.AddKnownTypeWithName(internal.WithKind("Event"), &corev1.Event{})
	s.AddKnownTypeWithName(internal.WithKind("EventList"), &corev1.EventList{})
	utilruntime.Must(addConversionFuncs(s))
	utilruntime.Must(s.SetVersionPriority(eventsv1.SchemeGroupVersion))
}
