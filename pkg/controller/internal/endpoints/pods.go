package endpoints

import (
	"fmt"
	"maps"
	"net/netip"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/sets"
	coreinformers "k8s.io/client-go/informers/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// PodReady tells whether the pod's Ready condition is True.
func PodReady(pod *corev1.Pod) bool {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// readyTransition is when the pod's Ready condition last changed, zero without one.
func readyTransition(pod *corev1.Pod) time.Time {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.LastTransitionTime.Time
		}
	}
	return time.Time{}
}

// podTerminal tells whether the pod has finished for good.
func podTerminal(pod *corev1.Pod) bool {
	return pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed
}

// IncludePod tells whether the pod belongs in a service's endpoints at all: it has an IP and has not
// finished; a terminating pod only if includeTerminating.
func IncludePod(pod *corev1.Pod, includeTerminating bool) bool {
	if podTerminal(pod) || (pod.Status.PodIP == "" && len(pod.Status.PodIPs) == 0) {
		return false
	}
	return includeTerminating || pod.DeletionTimestamp == nil
}

// SetHostname tells whether the pod's endpoint carries its hostname: the pod names the service as
// its subdomain.
func SetHostname(pod *corev1.Pod, svc *corev1.Service) bool {
	return pod.Spec.Hostname != "" && pod.Spec.Subdomain == svc.Name && pod.Namespace == svc.Namespace
}

// ServiceIPSet tells whether the service has a cluster IP, that is, is not headless.
func ServiceIPSet(svc *corev1.Service) bool {
	return svc.Spec.ClusterIP != corev1.ClusterIPNone && svc.Spec.ClusterIP != ""
}

// IsIPv6 tells whether ip parses as an IPv6 address that is not an IPv4 one in IPv6 form.
func IsIPv6(ip string) bool {
	addr, err := netip.ParseAddr(ip)
	return err == nil && addr.Is6() && !addr.Is4In6()
}

// FindPort resolves the service port's target port on the pod: a number as is, a name through the
// ports of the pod's containers and sidecars with the service port's protocol.
func FindPort(pod *corev1.Pod, port *corev1.ServicePort) (int32, error) {
	switch port.TargetPort.Type {
	case intstr.Int:
		return int32(port.TargetPort.IntValue()), nil
	case intstr.String:
		name := port.TargetPort.StrVal
		containers := pod.Spec.Containers
		for _, c := range pod.Spec.InitContainers {
			if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
				containers = append(containers[:len(containers):len(containers)], c)
			}
		}
		for _, c := range containers {
			for _, p := range c.Ports {
				if p.Name == name && p.Protocol == port.Protocol {
					return p.ContainerPort, nil
				}
			}
		}
	}
	return 0, fmt.Errorf("no suitable port for manifest: %s", pod.UID)
}

// Selected returns the service and the pods its selector matches, or a nil service if it gets no
// endpoints from a selector: it has none, or is an ExternalName. A service that is gone is a
// NotFound error.
func Selected(services corelisters.ServiceLister, pods corelisters.PodLister, namespace, name string) (*corev1.Service, []*corev1.Pod, error) {
	svc, err := services.Services(namespace).Get(name)
	if err != nil {
		return nil, nil, err
	}
	if svc.Spec.Type == corev1.ServiceTypeExternalName || svc.Spec.Selector == nil {
		return nil, nil, nil
	}
	selected, err := pods.Pods(namespace).List(labels.SelectorFromValidatedSet(svc.Spec.Selector))
	return svc, selected, err
}

// servicesForPod lists the keys of the services in the pod's namespace whose selector matches
// podLabels; services without a selector select nothing.
func servicesForPod(services corelisters.ServiceLister, namespace string, podLabels map[string]string) (sets.Set[string], error) {
	list, err := services.Services(namespace).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	keys := sets.New[string]()
	for _, svc := range list {
		if svc.Spec.Selector != nil && labels.SelectorFromValidatedSet(svc.Spec.Selector).Matches(labels.Set(podLabels)) {
			keys.Insert(svc.Namespace + "/" + svc.Name)
		}
	}
	return keys, nil
}

// servicesForPodUpdate lists the services whose endpoints a pod update may change: those it matches
// before or after when its endpoint changed, and only those it joined or left when just its labels
// did.
func servicesForPodUpdate(services corelisters.ServiceLister, old, cur *corev1.Pod) (sets.Set[string], error) {
	if old.ResourceVersion == cur.ResourceVersion {
		// A resync: the service informer resyncs every service anyway.
		return nil, nil
	}
	endpointChanged := podEndpointChanged(old, cur)
	membershipChanged := !maps.Equal(old.Labels, cur.Labels) ||
		old.Spec.Hostname != cur.Spec.Hostname || old.Spec.Subdomain != cur.Spec.Subdomain
	if !endpointChanged && !membershipChanged {
		return nil, nil
	}
	now, err := servicesForPod(services, cur.Namespace, cur.Labels)
	if err != nil || !membershipChanged {
		return now, err
	}
	before, err := servicesForPod(services, old.Namespace, old.Labels)
	if err != nil {
		return nil, err
	}
	if endpointChanged {
		return now.Union(before), nil
	}
	return now.SymmetricDifference(before), nil
}

// podEndpointChanged tells whether an update changed what the pod's endpoint says.
func podEndpointChanged(old, cur *corev1.Pod) bool {
	if (old.DeletionTimestamp == nil) != (cur.DeletionTimestamp == nil) ||
		PodReady(old) != PodReady(cur) || podTerminal(old) != podTerminal(cur) || old.Spec.NodeName != cur.Spec.NodeName ||
		old.Status.PodIP != cur.Status.PodIP || len(old.Status.PodIPs) != len(cur.Status.PodIPs) {
		return true
	}
	for i := range old.Status.PodIPs {
		if old.Status.PodIPs[i].IP != cur.Status.PodIPs[i].IP {
			return true
		}
	}
	return false
}

// WatchServicesAndPods makes every service event, and every pod event that may change a service's
// endpoints, enqueue the service's key, as the controllers of selector-based endpoints want.
func WatchServicesAndPods(services coreinformers.ServiceInformer, pods coreinformers.PodInformer, enqueue func(string)) error {
	_, err := services.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    worker.EnqueueKey(enqueue),
		UpdateFunc: func(_, obj any) { worker.EnqueueKey(enqueue)(obj) },
		DeleteFunc: worker.EnqueueKey(enqueue),
	})
	if err != nil {
		return err
	}
	_, err = pods.Informer().AddEventHandler(podHandlers(services.Lister(), enqueue))
	return err
}

// podHandlers are the pod event handlers of a controller of service endpoints: they enqueue the
// services whose endpoints a pod event may change.
func podHandlers(services corelisters.ServiceLister, enqueue func(string)) cache.ResourceEventHandlerFuncs {
	forPod := func(obj any) {
		pod, ok := worker.Unwrap[*corev1.Pod](obj)
		if !ok {
			return
		}
		keys, err := servicesForPod(services, pod.Namespace, pod.Labels)
		if err != nil {
			klog.ErrorS(err, "Finding the services of a pod", "pod", klog.KObj(pod))
		}
		for key := range keys {
			enqueue(key)
		}
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc:    forPod,
		DeleteFunc: forPod,
		UpdateFunc: func(oldObj, newObj any) {
			old, ok1 := oldObj.(*corev1.Pod)
			cur, ok2 := newObj.(*corev1.Pod)
			if !ok1 || !ok2 {
				return
			}
			keys, err := servicesForPodUpdate(services, old, cur)
			if err != nil {
				klog.ErrorS(err, "Finding the services of a pod", "pod", klog.KObj(cur))
			}
			for key := range keys {
				enqueue(key)
			}
		},
	}
}
