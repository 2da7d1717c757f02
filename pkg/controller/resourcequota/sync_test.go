package resourcequota

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/clock"

	"github.com/kapi-dev/kapi/pkg/quota/evaluator/core"
)

func list(pairs ...string) corev1.ResourceList {
	l := corev1.ResourceList{}
	for i := 0; i < len(pairs); i += 2 {
		l[corev1.ResourceName(pairs[i])] = resource.MustParse(pairs[i+1])
	}
	return l
}

// staticPods is a registry whose pod evaluator lists the given pods.
func staticPods(t *testing.T, pods ...*corev1.Pod) quota.Registry {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, p := range pods {
		if err := indexer.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	lister := func(gvr schema.GroupVersionResource) (cache.GenericLister, error) {
		return cache.NewGenericLister(indexer, gvr.GroupResource()), nil
	}
	return generic.NewRegistry([]quota.Evaluator{core.NewPodEvaluator(lister, clock.RealClock{})})
}

func TestSyncQuota(t *testing.T) {
	pod := func(name string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a", Resources: corev1.ResourceRequirements{Requests: list("cpu", "250m")}}}}}
	}
	tests := []struct {
		name      string
		status    corev1.ResourceQuotaStatus
		wantWrite bool
	}{
		{name: "a new quota gets hard and used", wantWrite: true},
		{name: "usage that moved is written", status: corev1.ResourceQuotaStatus{Hard: list("pods", "3", "requests.cpu", "1", "example.com/widgets", "2"), Used: list("pods", "0", "requests.cpu", "0")}, wantWrite: true},
		{name: "an unchanged status is not written", status: corev1.ResourceQuotaStatus{Hard: list("pods", "3", "requests.cpu", "1", "example.com/widgets", "2"), Used: list("pods", "2", "requests.cpu", "500m", "example.com/widgets", "1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &corev1.ResourceQuota{
				ObjectMeta: metav1.ObjectMeta{Name: "q", Namespace: "ns"},
				Spec:       corev1.ResourceQuotaSpec{Hard: list("pods", "3", "requests.cpu", "1", "example.com/widgets", "2")},
				Status:     tt.status,
			}
			client := fake.NewClientset(q)
			c := &Controller{client: client, registry: staticPods(t, pod("a"), pod("b"))}
			if err := c.syncQuota(context.Background(), q); err != nil {
				t.Fatal(err)
			}
			writes := 0
			for _, a := range client.Actions() {
				if a.GetVerb() == "update" && a.GetSubresource() == "status" {
					writes++
				}
			}
			if tt.wantWrite != (writes == 1) {
				t.Fatalf("%d status writes, want a write: %v", writes, tt.wantWrite)
			}
			got, err := client.CoreV1().ResourceQuotas("ns").Get(context.Background(), "q", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// What no evaluator measures keeps its last observed usage, or none.
			want := list("pods", "2", "requests.cpu", "500m")
			if w, ok := tt.status.Used["example.com/widgets"]; ok {
				want["example.com/widgets"] = w
			}
			if !quota.Equals(got.Status.Hard, q.Spec.Hard) || !quota.Equals(got.Status.Used, want) {
				t.Errorf("status = %+v, want hard %v and used %v", got.Status, q.Spec.Hard, want)
			}
		})
	}
}
