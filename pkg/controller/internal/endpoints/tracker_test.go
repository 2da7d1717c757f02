package endpoints

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
)

func TestSliceTracker(t *testing.T) {
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web", UID: "svc-1"}}
	slice := func(uid types.UID, generation int64) *discoveryv1.EndpointSlice {
		return &discoveryv1.EndpointSlice{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: string(uid), UID: uid, Generation: generation,
			Labels: map[string]string{discoveryv1.LabelServiceName: "web"}}}
	}
	tr := NewSliceTracker()
	if tr.Stale(svc, nil) || !tr.ShouldSync(slice("a", 1)) || tr.Has(slice("a", 1)) {
		t.Fatal("an empty tracker knows something")
	}
	tr.Update(slice("a", 2))
	tr.Update(slice("b", 1))
	if tr.ShouldSync(slice("a", 2)) || !tr.ShouldSync(slice("a", 3)) {
		t.Error("ShouldSync: want false for the generation written, true for a later one")
	}
	for _, tt := range []struct {
		name   string
		cached []*discoveryv1.EndpointSlice
		want   bool
	}{
		{"current", []*discoveryv1.EndpointSlice{slice("a", 2), slice("b", 1)}, false},
		{"newer than written", []*discoveryv1.EndpointSlice{slice("a", 3), slice("b", 1)}, false},
		{"older than written", []*discoveryv1.EndpointSlice{slice("a", 1), slice("b", 1)}, true},
		{"written but missing", []*discoveryv1.EndpointSlice{slice("a", 2)}, true},
	} {
		if got := tr.Stale(svc, tt.cached); got != tt.want {
			t.Errorf("%s: Stale = %t, want %t", tt.name, got, tt.want)
		}
	}
	tr.ExpectDeletion(slice("b", 1))
	if !tr.Stale(svc, []*discoveryv1.EndpointSlice{slice("a", 2), slice("b", 1)}) {
		t.Error("Stale = false with a deleted slice still cached")
	}
	if !tr.HandleDeletion(slice("b", 1)) {
		t.Error("HandleDeletion of a slice deleted here = false")
	}
	if tr.HandleDeletion(slice("a", 2)) {
		t.Error("HandleDeletion of a slice deleted elsewhere = true")
	}
	tr.Update(slice("c", 1))
	recreated := svc.DeepCopy()
	recreated.UID = "svc-2"
	if tr.Stale(recreated, nil) {
		t.Error("writes for an earlier service of the same name make the new one stale")
	}
}

func TestServicesForPodUpdate(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for name, selector := range map[string]map[string]string{"web": {"app": "web"}, "canary": {"track": "canary"}, "manual": nil} {
		if err := indexer.Add(&corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name}, Spec: corev1.ServiceSpec{Selector: selector}}); err != nil {
			t.Fatal(err)
		}
	}
	services := corelisters.NewServiceLister(indexer)
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p", ResourceVersion: "1", Labels: map[string]string{"app": "web"}},
		Status: corev1.PodStatus{PodIP: "10.0.0.1"}}
	tests := []struct {
		name   string
		mutate func(*corev1.Pod)
		want   []string
	}{
		{name: "resync", mutate: func(p *corev1.Pod) {}},
		{name: "nothing that matters", mutate: func(p *corev1.Pod) { p.ResourceVersion = "2"; p.Annotations = map[string]string{"a": "b"} }},
		{name: "readiness", mutate: func(p *corev1.Pod) {
			p.ResourceVersion = "2"
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
		}, want: []string{"ns/web"}},
		{name: "IP", mutate: func(p *corev1.Pod) { p.ResourceVersion = "2"; p.Status.PodIP = "10.0.0.2" }, want: []string{"ns/web"}},
		{name: "joined a service", mutate: func(p *corev1.Pod) { p.ResourceVersion = "2"; p.Labels["track"] = "canary" }, want: []string{"ns/canary"}},
		{name: "moved and changed", mutate: func(p *corev1.Pod) {
			p.ResourceVersion = "2"
			p.Labels = map[string]string{"track": "canary"}
			p.DeletionTimestamp = &metav1.Time{}
		}, want: []string{"ns/canary", "ns/web"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := pod.DeepCopy()
			tt.mutate(cur)
			keys, err := servicesForPodUpdate(services, pod, cur)
			if err != nil {
				t.Fatal(err)
			}
			if got := sets.List(keys); !slices.Equal(got, tt.want) {
				t.Errorf("services = %v, want %v", got, tt.want)
			}
		})
	}
}
