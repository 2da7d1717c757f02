package csrs

import (
	"context"

	certificatesv1 "k8s.io/api/certificates/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
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

// Work works the queue with workers goroutines until ctx ends, handing sync each queued request
// that still exists; name names the controller in logs.
func (w Watched) Work(ctx context.Context, name string, workers int, sync func(context.Context, *certificatesv1.CertificateSigningRequest) error) {
	worker.Loop{Name: name, Queue: w.Queue, Sync: func(ctx context.Context, key string) error {
		csr, err := w.Lister.Get(key)
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		return sync(ctx, csr)
	}}.Run(ctx, workers, w.Synced)
}
