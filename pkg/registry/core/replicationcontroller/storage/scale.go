package storage

import (
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
)

// ScaleREST serves replicationcontrollers/scale: an autoscaling/v1 Scale view of a replication
// controller whose writes change only spec.replicas.
type ScaleREST = scalerest.REST[*corev1.ReplicationController]

// scalable is how a replication controller is seen as a Scale.
var scalable = scalerest.Scalable[*corev1.ReplicationController]{
	Resource:     corev1.Resource("replicationcontrollers/scale"),
	ReadResource: autoscalingv1.Resource("replicationcontrollers/scale"),
	GroupVersion: corev1.SchemeGroupVersion,
	ToScale: func(rc *corev1.ReplicationController) (*autoscalingv1.Scale, error) {
		return scaleFromRC(rc), nil
	},
	SetReplicas: func(rc *corev1.ReplicationController, replicas int32) { rc.Spec.Replicas = &replicas },
}

// scaleFromRC builds the Scale view of a replication controller; an unset replicas counts as 0.
func scaleFromRC(rc *corev1.ReplicationController) *autoscalingv1.Scale {
	var replicas int32
	if rc.Spec.Replicas != nil {
		replicas = *rc.Spec.Replicas
	}
	return scalerest.Scale(rc, replicas, rc.Status.Replicas, labels.SelectorFromSet(rc.Spec.Selector).String())
}
