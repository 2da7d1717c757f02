package resourcequota

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/client-go/tools/cache"
)

// sync recalculates one quota and writes its status when hard or used changed.
func (c *Controller) sync(ctx context.Context, key string) error {
	c.paused.RLock()
	defer c.paused.RUnlock()
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	q, err := c.quotas.ResourceQuotas(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return c.syncQuota(ctx, q)
}

// syncQuota calculates a quota's usage. What could not be calculated keeps its last observed value,
// and the rest is still written, so that one failing evaluator does not stall the others.
func (c *Controller) syncQuota(ctx context.Context, q *corev1.ResourceQuota) error {
	dirty := q.Status.Hard == nil || q.Status.Used == nil || !apiequality.Semantic.DeepEqual(q.Spec.Hard, q.Status.Hard)
	hard := quota.Add(corev1.ResourceList{}, q.Spec.Hard)
	used := quota.Add(corev1.ResourceList{}, q.Status.Used)
	var errs []error
	usage, err := quota.CalculateUsage(q.Namespace, q.Spec.Scopes, hard, c.registry, q.Spec.ScopeSelector)
	if err != nil {
		errs = append(errs, err)
	}
	for name, v := range usage {
		used[name] = v
	}
	used = quota.Mask(used, quota.ResourceNames(hard))
	if !dirty && quota.Equals(used, q.Status.Used) {
		return utilerrors.NewAggregate(errs)
	}
	updated := q.DeepCopy()
	updated.Status = corev1.ResourceQuotaStatus{Hard: hard, Used: used}
	if _, err := c.client.CoreV1().ResourceQuotas(q.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
		errs = append(errs, err)
	}
	return utilerrors.NewAggregate(errs)
}

// replenish queues the quotas of a namespace that track a resource, after an object of it was
// deleted or stopped being charged.
func (c *Controller) replenish(gr schema.GroupResource, namespace string) {
	evaluator := c.registry.Get(gr)
	if evaluator == nil {
		return
	}
	quotas, err := c.quotas.ResourceQuotas(namespace).List(labels.Everything())
	if err != nil {
		utilruntime.HandleError(err)
		return
	}
	for _, q := range quotas {
		if len(evaluator.MatchingResources(quota.ResourceNames(q.Status.Hard))) > 0 {
			key, err := cache.MetaNamespaceKeyFunc(q)
			if err != nil {
				utilruntime.HandleError(err)
				continue
			}
			c.queue.Add(key)
		}
	}
}
