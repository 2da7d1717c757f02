package csrs

import (
	certinformers "k8s.io/client-go/informers/certificates/v1"
	certlisters "k8s.io/client-go/listers/certificates/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// Watched is what a CSR controller reads requests through: a lister, whether it has synced, and a
// queue of the names of requests added or changed. Deleted requests need no work.
type Watched struct {
	Lister certlisters.CertificateSigningRequestLister
	Synced cache.InformerSynced
	Queue  workqueue.TypedRateLimitingInterface[string]
}

// Watch queues the requests of requests in a queue named name, as kube-controller-manager names the
// queues of its CSR controllers.
func Watch(requests certinformers.CertificateSigningRequestInformer, name string) (Watched, error) {
	w := Watched{
		Lister: requests.Lister(),
		Synced: requests.Informer().HasSynced,
		Queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: name}),
	}
	enqueue := worker.EnqueueKey(w.Queue.Add)
	_, err := requests.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	})
	return w, err
}
