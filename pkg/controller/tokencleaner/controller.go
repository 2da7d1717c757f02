// Package tokencleaner deletes bootstrap token Secrets once their expiration has passed, as
// kube-controller-manager's token-cleaner-controller does.
package tokencleaner

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/auth/bootstraptoken"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// Name is the controller's name in logs and in the queue's metrics.
const Name = "token_cleaner"

// Cleaner deletes expired bootstrap token Secrets in kube-system and looks again at the others when
// they expire.
type Cleaner struct {
	client  kubernetes.Interface
	secrets corelisters.SecretLister
	synced  cache.InformerSynced
	queue   workqueue.TypedRateLimitingInterface[string]
	now     func() time.Time
}

// New returns a cleaner that reads Secrets from the informer and deletes through client.
func New(client kubernetes.Interface, secrets coreinformers.SecretInformer) (*Cleaner, error) {
	c := &Cleaner{
		client:  client,
		secrets: secrets.Lister(),
		synced:  secrets.Informer().HasSynced,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: Name}),
		now: time.Now,
	}
	enqueue := func(obj any) {
		if s, ok := worker.Unwrap[*corev1.Secret](obj); ok && bootstraptoken.IsTokenSecret(s) {
			c.queue.Add(s.Namespace + "/" + s.Name)
		}
	}
	if _, err := secrets.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Run works with one worker until ctx ends.
func (c *Cleaner) Run(ctx context.Context) {
	worker.Loop{Name: Name, Queue: c.queue, Sync: c.sync}.Run(ctx, 1, c.synced)
}

// sync deletes the Secret of key if its token has expired, or comes back when it will have.
func (c *Cleaner) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	s, err := c.secrets.Secrets(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if s.DeletionTimestamp != nil || !bootstraptoken.IsTokenSecret(s) {
		return nil
	}
	left, expires := bootstraptoken.TimeLeft(s, c.now())
	if !expires {
		return nil
	}
	if left > 0 {
		c.queue.AddAfter(key, left)
		return nil
	}
	klog.V(3).InfoS("Deleting expired bootstrap token secret", "secret", klog.KObj(s))
	// The UID keeps a Secret recreated under the same name meanwhile.
	err = c.client.CoreV1().Secrets(namespace).Delete(ctx, name, metav1.DeleteOptions{Preconditions: metav1.NewUIDPreconditions(string(s.UID))})
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	return err
}
