package job

import (
	"context"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
)

// selectorMatches tells whether job's selector selects pod.
func selectorMatches(job *batchv1.Job, pod *corev1.Pod) bool {
	if job.Spec.Selector == nil {
		return false
	}
	sel, err := metav1.LabelSelectorAsSelector(job.Spec.Selector)
	return err == nil && !sel.Empty() && sel.Matches(labels.Set(pod.Labels))
}

// syncOrphan removes the tracking finalizer of a pod that no running Job will count: its Job is
// gone or finished, or it has no controller at all; a Job another controller manages keeps its.
func (c *Controller) syncOrphan(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	pod, err := c.podLister.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !hasTrackingFinalizer(pod) {
		return nil
	}
	if ref := metav1.GetControllerOfNoCopy(pod); ref != nil {
		// The finalizer of a pod that another kind of controller owns is not the job controller's.
		if ref.Kind != controllerKind.Kind || ref.APIVersion != controllerKind.GroupVersion().String() {
			return nil
		}
		if job := c.jobOf(pod); job != nil && (!managed(job) || !isFinished(job)) {
			return nil
		}
	}
	err = c.pods.PatchPod(ctx, pod, removeFinalizerPatch)
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}
