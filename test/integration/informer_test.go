package integration

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
)

// TestInformerSyncsAndSeesUpdates runs a client-go informer, which uses watch-list (sendInitialEvents
// with bookmarks) by default.
func TestInformerSyncsAndSeesUpdates(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := protobufClient(t)
	createNamespace(t, client, "informers")
	services := client.CoreV1().Services("informers")
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "before"},
		Spec:       corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone, Ports: []corev1.ServicePort{{Port: 80}}},
	}
	if _, err := services.Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace("informers"))
	informer := factory.Core().V1().Services().Informer()
	added := make(chan string, 10)
	if _, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) { added <- obj.(*corev1.Service).Name },
	}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	factory.Start(stop)
	defer func() {
		close(stop)
		factory.Shutdown()
	}()
	if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
		t.Fatal("informer did not sync")
	}
	svc.Name = "after"
	if _, err := services.Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for !seen["before"] || !seen["after"] {
		select {
		case name := <-added:
			seen[name] = true
		case <-ctx.Done():
			t.Fatalf("informer saw %v, want before and after", seen)
		}
	}
}
