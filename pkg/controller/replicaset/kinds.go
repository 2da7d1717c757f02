package replicaset

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	appsinformers "k8s.io/client-go/informers/apps/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/kapi-dev/kapi/pkg/controller/internal/podcontrol"
)

// Kind is what one controller keeps: ReplicaSets, or ReplicationControllers seen as ReplicaSets,
// so that both go through the same logic, as kube-controller-manager's replication manager does.
type Kind struct {
	gvk      schema.GroupVersionKind
	informer cache.SharedIndexInformer
	list     func(namespace string) ([]*appsv1.ReplicaSet, error)
	get      func(namespace, name string) (*appsv1.ReplicaSet, error)
	// fresh reads one from the API server instead of the informer.
	fresh        func(ctx context.Context, namespace, name string) (*appsv1.ReplicaSet, error)
	updateStatus func(ctx context.Context, rs *appsv1.ReplicaSet) (*appsv1.ReplicaSet, error)
	// owner is the object the pods name as controller and events are recorded on.
	owner func(rs *appsv1.ReplicaSet) podcontrol.Owner
	// countsTerminating tells whether the status has terminatingReplicas.
	countsTerminating bool
}

// ReplicaSets is the Kind of apps/v1 ReplicaSets.
func ReplicaSets(client kubernetes.Interface, informer appsinformers.ReplicaSetInformer) Kind {
	lister := informer.Lister()
	return Kind{
		gvk:      appsv1.SchemeGroupVersion.WithKind("ReplicaSet"),
		informer: informer.Informer(),
		list: func(namespace string) ([]*appsv1.ReplicaSet, error) {
			return lister.ReplicaSets(namespace).List(labels.Everything())
		},
		get: func(namespace, name string) (*appsv1.ReplicaSet, error) {
			return lister.ReplicaSets(namespace).Get(name)
		},
		fresh: func(ctx context.Context, namespace, name string) (*appsv1.ReplicaSet, error) {
			return client.AppsV1().ReplicaSets(namespace).Get(ctx, name, metav1.GetOptions{})
		},
		updateStatus: func(ctx context.Context, rs *appsv1.ReplicaSet) (*appsv1.ReplicaSet, error) {
			return client.AppsV1().ReplicaSets(rs.Namespace).UpdateStatus(ctx, rs, metav1.UpdateOptions{})
		},
		owner:             func(rs *appsv1.ReplicaSet) podcontrol.Owner { return rs },
		countsTerminating: true,
	}
}

// ReplicationControllers is the Kind of v1 ReplicationControllers.
func ReplicationControllers(client kubernetes.Interface, informer coreinformers.ReplicationControllerInformer) Kind {
	lister := informer.Lister()
	return Kind{
		gvk:      corev1.SchemeGroupVersion.WithKind("ReplicationController"),
		informer: informer.Informer(),
		list: func(namespace string) ([]*appsv1.ReplicaSet, error) {
			rcs, err := lister.ReplicationControllers(namespace).List(labels.Everything())
			sets := make([]*appsv1.ReplicaSet, 0, len(rcs))
			for _, rc := range rcs {
				sets = append(sets, replicaSetOf(rc))
			}
			return sets, err
		},
		get: func(namespace, name string) (*appsv1.ReplicaSet, error) {
			rc, err := lister.ReplicationControllers(namespace).Get(name)
			if err != nil {
				return nil, err
			}
			return replicaSetOf(rc), nil
		},
		fresh: func(ctx context.Context, namespace, name string) (*appsv1.ReplicaSet, error) {
			rc, err := client.CoreV1().ReplicationControllers(namespace).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			return replicaSetOf(rc), nil
		},
		updateStatus: func(ctx context.Context, rs *appsv1.ReplicaSet) (*appsv1.ReplicaSet, error) {
			rc, err := client.CoreV1().ReplicationControllers(rs.Namespace).UpdateStatus(ctx, replicationControllerOf(rs), metav1.UpdateOptions{})
			if err != nil {
				return nil, err
			}
			return replicaSetOf(rc), nil
		},
		owner: func(rs *appsv1.ReplicaSet) podcontrol.Owner { return replicationControllerOf(rs) },
	}
}

// replicaSetOf is rc as a ReplicaSet: its selector as match labels, its conditions as ReplicaSet
// conditions.
func replicaSetOf(rc *corev1.ReplicationController) *appsv1.ReplicaSet {
	rs := &appsv1.ReplicaSet{
		ObjectMeta: *rc.ObjectMeta.DeepCopy(),
		Spec: appsv1.ReplicaSetSpec{
			Replicas:        rc.Spec.Replicas,
			MinReadySeconds: rc.Spec.MinReadySeconds,
			Selector:        &metav1.LabelSelector{MatchLabels: rc.Spec.Selector},
		},
		Status: appsv1.ReplicaSetStatus{
			Replicas:             rc.Status.Replicas,
			FullyLabeledReplicas: rc.Status.FullyLabeledReplicas,
			ReadyReplicas:        rc.Status.ReadyReplicas,
			AvailableReplicas:    rc.Status.AvailableReplicas,
			ObservedGeneration:   rc.Status.ObservedGeneration,
		},
	}
	if rc.Spec.Template != nil {
		rs.Spec.Template = *rc.Spec.Template.DeepCopy()
	}
	for _, c := range rc.Status.Conditions {
		rs.Status.Conditions = append(rs.Status.Conditions, appsv1.ReplicaSetCondition{
			Type: appsv1.ReplicaSetConditionType(c.Type), Status: c.Status, LastTransitionTime: c.LastTransitionTime, Reason: c.Reason, Message: c.Message,
		})
	}
	return rs
}

// replicationControllerOf is replicaSetOf undone.
func replicationControllerOf(rs *appsv1.ReplicaSet) *corev1.ReplicationController {
	rc := &corev1.ReplicationController{
		ObjectMeta: *rs.ObjectMeta.DeepCopy(),
		Spec: corev1.ReplicationControllerSpec{
			Replicas:        rs.Spec.Replicas,
			MinReadySeconds: rs.Spec.MinReadySeconds,
			Template:        rs.Spec.Template.DeepCopy(),
		},
		Status: corev1.ReplicationControllerStatus{
			Replicas:             rs.Status.Replicas,
			FullyLabeledReplicas: rs.Status.FullyLabeledReplicas,
			ReadyReplicas:        rs.Status.ReadyReplicas,
			AvailableReplicas:    rs.Status.AvailableReplicas,
			ObservedGeneration:   rs.Status.ObservedGeneration,
		},
	}
	if rs.Spec.Selector != nil {
		rc.Spec.Selector = rs.Spec.Selector.MatchLabels
	}
	for _, c := range rs.Status.Conditions {
		rc.Status.Conditions = append(rc.Status.Conditions, corev1.ReplicationControllerCondition{
			Type: corev1.ReplicationControllerConditionType(c.Type), Status: c.Status, LastTransitionTime: c.LastTransitionTime, Reason: c.Reason, Message: c.Message,
		})
	}
	return rc
}
