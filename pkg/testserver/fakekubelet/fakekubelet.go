// Package fakekubelet stands in for the kubelet in tests of a cluster without nodes that run
// anything: it writes the pod status a kubelet would, so that workload controllers see their pods
// start.
package fakekubelet

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"
)

// ReportReady writes the status of the pod namespace/name Running and Ready through pods/status,
// as its kubelet would once the containers pass their readiness probes, so that workload
// controllers count it; it retries on the conflicts of the controllers' concurrent writes.
func ReportReady(ctx context.Context, client kubernetes.Interface, namespace, name string) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		p, err := client.CoreV1().Pods(namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		p.Status.Phase = corev1.PodRunning
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: metav1.Now()}}
		_, err = client.CoreV1().Pods(namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{})
		return err
	})
}

// ReadyEveryPod reports every pod of namespace ready as soon as it appears, as the kubelet of a
// node that starts everything at once would, until ctx ends; failed reports, but for pods deleted
// meanwhile, go to failed. It returns once it watches, with a channel closed when it has stopped.
func ReadyEveryPod(ctx context.Context, client kubernetes.Interface, namespace string, failed func(pod string, err error)) (<-chan struct{}, error) {
	w, err := client.CoreV1().Pods(namespace).Watch(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer w.Stop()
		for ev := range w.ResultChan() {
			p, ok := ev.Object.(*corev1.Pod)
			if !ok || ev.Type == watch.Deleted || p.DeletionTimestamp != nil || p.Status.Phase == corev1.PodRunning {
				continue
			}
			if err := ReportReady(ctx, client, namespace, p.Name); err != nil && !apierrors.IsNotFound(err) && ctx.Err() == nil {
				failed(p.Name, err)
			}
		}
	}()
	return done, nil
}
