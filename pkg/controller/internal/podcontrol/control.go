// Package podcontrol is what the workload controllers (ReplicaSet, ReplicationController,
// Deployment, Job, CronJob, StatefulSet, DaemonSet) share, as kube-controller-manager's
// controller_utils: expectations of the creations and deletions a controller waits to see,
// creating and deleting pods with their events, slow-start batching, adoption and release of
// objects by selector, and the pod predicates and deletion ranking.
package podcontrol

import (
	"context"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/record"
	"k8s.io/klog/v2"
)

// The reasons of the events Control records on the owner, as kube-controller-manager's.
const (
	SuccessfulCreateReason = "SuccessfulCreate"
	FailedCreateReason     = "FailedCreate"
	SuccessfulDeleteReason = "SuccessfulDelete"
	FailedDeleteReason     = "FailedDelete"
)

// Owner is a controller object that owns pods.
type Owner interface {
	metav1.Object
	runtime.Object
}

// Control creates and deletes a controller's pods through the API, recording on the owner what
// it did.
type Control struct {
	Client   kubernetes.Interface
	Recorder record.EventRecorder
}

// PodFromTemplate returns the pod a controller of kind creates for owner from template: its
// labels, annotations, finalizers and spec, a name generated from the owner's, and owner as its
// controller.
func PodFromTemplate(template *corev1.PodTemplateSpec, owner metav1.Object, kind schema.GroupVersionKind) *corev1.Pod {
	t := template.DeepCopy()
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Namespace:       owner.GetNamespace(),
			GenerateName:    namePrefix(owner.GetName()),
			Labels:          t.Labels,
			Annotations:     t.Annotations,
			Finalizers:      t.Finalizers,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(owner, kind)},
		},
		Spec: t.Spec,
	}
}

// namePrefix is `<name>-`, or the bare name when the dash would make the prefix too long to be a
// pod name.
func namePrefix(name string) string {
	if prefix := name + "-"; len(apivalidation.NameIsDNSSubdomain(prefix, true)) == 0 {
		return prefix
	}
	return name
}

// WithName gives a pod an explicit name instead of a generated one.
func WithName(name string) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		p.Name = name
		p.GenerateName = ""
	}
}

// WithGenerateName gives a pod's generated name another prefix than the owner's name.
func WithGenerateName(prefix string) func(*corev1.Pod) {
	return func(p *corev1.Pod) { p.GenerateName = prefix }
}

// CreatePod creates a pod from template for owner, a controller of kind, after applying mutate
// to it, and records SuccessfulCreate or FailedCreate on owner; a namespace being terminated
// refuses quietly.
func (c Control) CreatePod(ctx context.Context, owner Owner, kind schema.GroupVersionKind, template *corev1.PodTemplateSpec, mutate ...func(*corev1.Pod)) (*corev1.Pod, error) {
	pod := PodFromTemplate(template, owner, kind)
	for _, m := range mutate {
		m(pod)
	}
	if len(pod.Labels) == 0 {
		return nil, errors.New("unable to create pods, no labels")
	}
	created, err := c.Client.CoreV1().Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		if !apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
			c.Recorder.Eventf(owner, corev1.EventTypeWarning, FailedCreateReason, "Error creating: %v", err)
		}
		return nil, err
	}
	klog.V(4).InfoS("Controller created pod", "controller", klog.KObj(owner), "pod", klog.KObj(created))
	c.Recorder.Eventf(owner, corev1.EventTypeNormal, SuccessfulCreateReason, "Created pod: %v", created.Name)
	return created, nil
}

// DeletePod deletes owner's pod name and records SuccessfulDelete or FailedDelete on owner. A pod
// that is already gone returns its NotFound error without an event.
func (c Control) DeletePod(ctx context.Context, owner Owner, name string) error {
	err := c.Client.CoreV1().Pods(owner.GetNamespace()).Delete(ctx, name, metav1.DeleteOptions{})
	switch {
	case apierrors.IsNotFound(err):
		klog.V(4).InfoS("Pod has already been deleted", "pod", klog.KRef(owner.GetNamespace(), name))
		return err
	case err != nil:
		c.Recorder.Eventf(owner, corev1.EventTypeWarning, FailedDeleteReason, "Error deleting: %v", err)
		return fmt.Errorf("unable to delete pods: %w", err)
	}
	c.Recorder.Eventf(owner, corev1.EventTypeNormal, SuccessfulDeleteReason, "Deleted pod: %v", name)
	return nil
}

// PatchPod applies a strategic merge patch to pod, the patcher a Claimer of pods uses.
func (c Control) PatchPod(ctx context.Context, pod *corev1.Pod, patch []byte) error {
	_, err := c.Client.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{})
	return err
}
