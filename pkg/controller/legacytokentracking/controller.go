// Package legacytokentracking keeps the kube-system ConfigMap that tells since when this API server
// labels Secret-based tokens with their last-used day, as kube-apiserver does: tools that clean up
// unused legacy tokens only trust the absence of the label for tokens older than that day.
package legacytokentracking

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

const (
	// ConfigMapName is the ConfigMap in kube-system that records the start of tracking.
	ConfigMapName = "kube-apiserver-legacy-service-account-token-tracking"
	// ConfigMapDataKey holds the UTC day tracking started.
	ConfigMapDataKey = "since"

	dateFormat = "2006-01-02"
	key        = metav1.NamespaceSystem + "/" + ConfigMapName
)

// Controller creates the ConfigMap, and repairs a "since" that is not a day, with today.
type Controller struct {
	client   kubernetes.Interface
	informer cache.SharedIndexInformer
	queue    workqueue.TypedRateLimitingInterface[string]
	now      func() time.Time
}

// New returns a controller watching only the one ConfigMap.
func New(client kubernetes.Interface) (*Controller, error) {
	informer := coreinformers.NewFilteredConfigMapInformer(client, metav1.NamespaceSystem, 12*time.Hour, cache.Indexers{}, func(o *metav1.ListOptions) {
		o.FieldSelector = fields.OneTermEqualSelector("metadata.name", ConfigMapName).String()
	})
	c := &Controller{
		client:   client,
		informer: informer,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "legacy_token_tracking_controller"}),
		now: time.Now,
	}
	enqueue := func(interface{}) { c.queue.Add(key) }
	if _, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj interface{}) { enqueue(obj) },
		DeleteFunc: enqueue,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Run works until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	defer utilruntime.HandleCrashWithContext(ctx)
	defer c.queue.ShutDown()
	go c.informer.Run(ctx.Done())
	if !cache.WaitForNamedCacheSyncWithContext(ctx, c.informer.HasSynced) {
		return
	}
	c.queue.Add(key)
	go wait.UntilWithContext(ctx, c.work, time.Second)
	<-ctx.Done()
}

func (c *Controller) work(ctx context.Context) {
	for {
		k, quit := c.queue.Get()
		if quit {
			return
		}
		if err := c.sync(ctx); err != nil {
			utilruntime.HandleErrorWithContext(ctx, err, "Syncing the legacy token tracking ConfigMap", "configmap", k)
			c.queue.AddRateLimited(k)
		} else {
			c.queue.Forget(k)
		}
		c.queue.Done(k)
	}
}

func (c *Controller) sync(ctx context.Context) error {
	today := c.now().UTC().Format(dateFormat)
	configMaps := c.client.CoreV1().ConfigMaps(metav1.NamespaceSystem)
	obj, exists, err := c.informer.GetStore().GetByKey(key)
	if err != nil {
		return err
	}
	if !exists {
		_, err := configMaps.Create(ctx, &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Namespace: metav1.NamespaceSystem, Name: ConfigMapName},
			Data:       map[string]string{ConfigMapDataKey: today},
		}, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	}
	cm := obj.(*corev1.ConfigMap)
	if _, err := time.Parse(dateFormat, cm.Data[ConfigMapDataKey]); err == nil {
		return nil
	}
	cm = cm.DeepCopy()
	if cm.Data == nil {
		cm.Data = map[string]string{}
	}
	cm.Data[ConfigMapDataKey] = today
	_, err = configMaps.Update(ctx, cm, metav1.UpdateOptions{})
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	return err
}
