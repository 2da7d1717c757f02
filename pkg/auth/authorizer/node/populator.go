package node

import (
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	resourcev1 "k8s.io/api/resource/v1"
	storagev1 "k8s.io/api/storage/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
)

// Feed keeps g current with the pods, persistent volumes, volume attachments, resource slices and
// pod certificate requests of factory's informers, which the caller starts.
func Feed(g *Graph, factory informers.SharedInformerFactory) error {
	handlers := []struct {
		informer cache.SharedIndexInformer
		handler  cache.ResourceEventHandler
	}{
		{factory.Core().V1().Pods().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    func(obj any) { g.updatePod(nil, obj) },
			UpdateFunc: g.updatePod,
			DeleteFunc: g.deletePod,
		}},
		{factory.Core().V1().PersistentVolumes().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    g.setVolume,
			UpdateFunc: func(_, obj any) { g.setVolume(obj) },
			DeleteFunc: func(obj any) {
				if pv, ok := tombstoned(obj).(*corev1.PersistentVolume); ok {
					g.DeletePersistentVolume(pv.Name)
				}
			},
		}},
		{factory.Storage().V1().VolumeAttachments().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    g.setAttachment,
			UpdateFunc: func(_, obj any) { g.setAttachment(obj) },
			DeleteFunc: func(obj any) {
				if va, ok := tombstoned(obj).(*storagev1.VolumeAttachment); ok {
					g.SetVolumeAttachment(va.Name, "")
				}
			},
		}},
		{factory.Resource().V1().ResourceSlices().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    g.setSlice,
			UpdateFunc: func(_, obj any) { g.setSlice(obj) },
			DeleteFunc: func(obj any) {
				if s, ok := tombstoned(obj).(*resourcev1.ResourceSlice); ok {
					g.SetResourceSlice(s.Name, "")
				}
			},
		}},
		{factory.Certificates().V1().PodCertificateRequests().Informer(), cache.ResourceEventHandlerFuncs{
			AddFunc:    g.setCertificateRequest,
			UpdateFunc: func(_, obj any) { g.setCertificateRequest(obj) },
			DeleteFunc: func(obj any) {
				if r, ok := tombstoned(obj).(*certificatesv1.PodCertificateRequest); ok {
					g.SetPodCertificateRequest(r.Namespace, r.Name, "")
				}
			},
		}},
	}
	for _, h := range handlers {
		if _, err := h.informer.AddEventHandler(h.handler); err != nil {
			return err
		}
	}
	return nil
}

// updatePod records a pod once it is bound. A pod's references are immutable once it is bound,
// except the names of the resource claims generated for it, which its status records later.
func (g *Graph) updatePod(oldObj, obj any) {
	pod, ok := obj.(*corev1.Pod)
	if !ok || pod.Spec.NodeName == "" {
		return
	}
	if old, ok := oldObj.(*corev1.Pod); ok && old.Spec.NodeName == pod.Spec.NodeName && old.UID == pod.UID &&
		apiequality.Semantic.DeepEqual(old.Status.ResourceClaimStatuses, pod.Status.ResourceClaimStatuses) &&
		apiequality.Semantic.DeepEqual(old.Status.ExtendedResourceClaimStatus, pod.Status.ExtendedResourceClaimStatus) {
		return
	}
	g.SetPod(pod)
}

func (g *Graph) deletePod(obj any) {
	if pod, ok := tombstoned(obj).(*corev1.Pod); ok {
		g.DeletePod(pod.Namespace, pod.Name)
	}
}

func (g *Graph) setVolume(obj any) {
	if pv, ok := obj.(*corev1.PersistentVolume); ok {
		g.SetPersistentVolume(pv)
	}
}

func (g *Graph) setAttachment(obj any) {
	if va, ok := obj.(*storagev1.VolumeAttachment); ok {
		g.SetVolumeAttachment(va.Name, va.Spec.NodeName)
	}
}

func (g *Graph) setSlice(obj any) {
	if s, ok := obj.(*resourcev1.ResourceSlice); ok {
		node := ""
		if s.Spec.NodeName != nil {
			node = *s.Spec.NodeName
		}
		g.SetResourceSlice(s.Name, node)
	}
}

func (g *Graph) setCertificateRequest(obj any) {
	if r, ok := obj.(*certificatesv1.PodCertificateRequest); ok {
		g.SetPodCertificateRequest(r.Namespace, r.Name, string(r.Spec.NodeName))
	}
}

// tombstoned returns the object a delete notification is about, unwrapping a missed delete.
func tombstoned(obj any) any {
	if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		return t.Obj
	}
	return obj
}
