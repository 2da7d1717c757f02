package resourcequota

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/clock"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
	"github.com/kapi-dev/kapi/pkg/quota/evaluator/core"
)

// replenishmentHandler returns the handler of a watched resource's events. Creations are charged by
// admission; deletions, and the updates that lower what an object is charged, ask for a
// recalculation.
func (c *Controller) replenishmentHandler(gvr schema.GroupVersionResource) cache.ResourceEventHandler {
	gr := gvr.GroupResource()
	return cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(old, obj any) {
			if chargeChanged(gr, old, obj) {
				c.replenishObject(gr, obj)
			}
		},
		DeleteFunc: func(obj any) {
			if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = tombstone.Obj
			}
			c.replenishObject(gr, obj)
		},
	}
}

func (c *Controller) replenishObject(gr schema.GroupResource, obj any) {
	if m, err := meta.Accessor(obj); err == nil {
		c.replenish(gr, m.GetNamespace())
	}
}

// chargeChanged tells whether an update changed what the object is charged: a pod that became
// terminal or was allocated other resources, a service whose type moved in or out of NodePort and
// LoadBalancer, a claim that was allocated another size.
func chargeChanged(gr schema.GroupResource, old, obj any) bool {
	switch gr {
	case schema.GroupResource{Resource: "pods"}:
		o, ok1 := worker.Unwrap[*corev1.Pod](old)
		p, ok2 := worker.Unwrap[*corev1.Pod](obj)
		if !ok1 || !ok2 {
			return false
		}
		return allocationChanged(o, p) || core.PodCharged(o, clock.RealClock{}) && !core.PodCharged(p, clock.RealClock{})
	case schema.GroupResource{Resource: "services"}:
		o, ok1 := worker.Unwrap[*corev1.Service](old)
		s, ok2 := worker.Unwrap[*corev1.Service](obj)
		return ok1 && ok2 && chargedServiceType(o) != chargedServiceType(s)
	case schema.GroupResource{Resource: "persistentvolumeclaims"}:
		o, ok1 := worker.Unwrap[*corev1.PersistentVolumeClaim](old)
		p, ok2 := worker.Unwrap[*corev1.PersistentVolumeClaim](obj)
		return ok1 && ok2 && core.ClaimNeedsReplenishment(o, p)
	}
	return false
}

// allocationChanged tells whether the kubelet allocated a container other resources, which an
// in-place resize does.
func allocationChanged(old, pod *corev1.Pod) bool {
	if len(old.Status.ContainerStatuses) != len(pod.Status.ContainerStatuses) {
		return false
	}
	for i := range old.Status.ContainerStatuses {
		if !equality.Semantic.DeepEqual(old.Status.ContainerStatuses[i].AllocatedResources, pod.Status.ContainerStatuses[i].AllocatedResources) {
			return true
		}
	}
	return false
}

// chargedServiceType is a service's type when it is charged node ports or a load balancer.
func chargedServiceType(s *corev1.Service) corev1.ServiceType {
	if s.Spec.Type == corev1.ServiceTypeNodePort || s.Spec.Type == corev1.ServiceTypeLoadBalancer {
		return s.Spec.Type
	}
	return ""
}
