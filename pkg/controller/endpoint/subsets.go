package endpoint

import (
	"math"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/controller/internal/endpoints"
)

// Subsets are the repacked subsets of the service's Endpoints for the pods its selector matches:
// pods with an IP of the service's primary family, ready ones (all of them with
// publishNotReadyAddresses) as addresses, the others as notReadyAddresses, each on the service
// ports its containers resolve. A headless service without ports lists the addresses without ports.
func Subsets(svc *corev1.Service, pods []*corev1.Pod) []corev1.EndpointSubset {
	var subsets []corev1.EndpointSubset
	tolerateUnready := svc.Spec.PublishNotReadyAddresses
	for _, pod := range pods {
		if !endpoints.IncludePod(pod, tolerateUnready) {
			continue
		}
		address, ok := addressFor(svc, pod)
		if !ok {
			klog.V(2).InfoS("No pod IP of the service's family", "service", klog.KObj(svc), "pod", klog.KObj(pod))
			continue
		}
		ready := tolerateUnready || endpoints.PodReady(pod)
		subset := func(ports []corev1.EndpointPort) corev1.EndpointSubset {
			if ready {
				return corev1.EndpointSubset{Addresses: []corev1.EndpointAddress{address}, Ports: ports}
			}
			return corev1.EndpointSubset{NotReadyAddresses: []corev1.EndpointAddress{address}, Ports: ports}
		}
		if len(svc.Spec.Ports) == 0 {
			if svc.Spec.ClusterIP == corev1.ClusterIPNone {
				subsets = append(subsets, subset(nil))
			}
			continue
		}
		for i := range svc.Spec.Ports {
			sp := &svc.Spec.Ports[i]
			port, err := endpoints.FindPort(pod, sp)
			if err != nil {
				klog.V(4).InfoS("Failed to find port for service", "service", klog.KObj(svc), "err", err)
				continue
			}
			subsets = append(subsets, subset([]corev1.EndpointPort{{Name: sp.Name, Port: port, Protocol: sp.Protocol, AppProtocol: sp.AppProtocol}}))
		}
	}
	return endpoints.Repack(subsets)
}

// addressFor is the pod's address in the service's Endpoints: its IP of the service's primary IP
// family (of the cluster IP, or of the pod's IP for a headless service, when families are unset).
func addressFor(svc *corev1.Service, pod *corev1.Pod) (corev1.EndpointAddress, bool) {
	ipv6 := false
	switch {
	case len(svc.Spec.IPFamilies) > 0:
		ipv6 = svc.Spec.IPFamilies[0] == corev1.IPv6Protocol
	case endpoints.ServiceIPSet(svc):
		ipv6 = endpoints.IsIPv6(svc.Spec.ClusterIP)
	default:
		ipv6 = endpoints.IsIPv6(pod.Status.PodIP)
	}
	ips := pod.Status.PodIPs
	if len(ips) == 0 && pod.Status.PodIP != "" {
		ips = []corev1.PodIP{{IP: pod.Status.PodIP}}
	}
	for _, ip := range ips {
		if endpoints.IsIPv6(ip.IP) != ipv6 {
			continue
		}
		address := corev1.EndpointAddress{
			IP:        ip.IP,
			TargetRef: &corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID},
		}
		// Upstream always points at the node name; an unscheduled pod's empty one would not validate.
		if pod.Spec.NodeName != "" {
			address.NodeName = &pod.Spec.NodeName
		}
		if endpoints.SetHostname(pod, svc) {
			address.Hostname = pod.Spec.Hostname
		}
		return address, true
	}
	return corev1.EndpointAddress{}, false
}

// subsetsEqual compares subsets ignoring the resource versions of their targets, which change with
// every update of a pod.
func subsetsEqual(a, b []corev1.EndpointSubset) bool {
	return equality.Semantic.DeepEqual(withoutTargetVersions(a), withoutTargetVersions(b))
}

func withoutTargetVersions(subsets []corev1.EndpointSubset) []corev1.EndpointSubset {
	out := make([]corev1.EndpointSubset, len(subsets))
	for i := range subsets {
		s := *subsets[i].DeepCopy()
		for _, list := range [][]corev1.EndpointAddress{s.Addresses, s.NotReadyAddresses} {
			for j := range list {
				if list[j].TargetRef != nil {
					list[j].TargetRef.ResourceVersion = ""
				}
			}
		}
		out[i] = s
	}
	return out
}

// capacityAnnotationCorrect tells whether the Endpoints need no truncation and carry no over-capacity
// annotation.
func capacityAnnotationCorrect(ep *corev1.Endpoints) bool {
	if count(ep.Subsets) > MaxCapacity {
		return false
	}
	_, ok := ep.Annotations[corev1.EndpointsOverCapacity]
	return !ok
}

func count(subsets []corev1.EndpointSubset) int {
	n := 0
	for _, s := range subsets {
		n += len(s.Addresses) + len(s.NotReadyAddresses)
	}
	return n
}

// Truncate cuts the Endpoints down to MaxCapacity addresses, keeping ready addresses before not
// ready ones and giving each subset its proportional share, rounded up, of what is kept. It reports
// whether it cut anything.
func Truncate(ep *corev1.Endpoints) bool {
	ready, notReady := 0, 0
	for _, s := range ep.Subsets {
		ready += len(s.Addresses)
		notReady += len(s.NotReadyAddresses)
	}
	if ready+notReady <= MaxCapacity {
		return false
	}
	// Either the ready addresses alone are too many, and the not ready ones all go, or only not ready
	// ones go.
	cutReady := ready > MaxCapacity
	room, total := MaxCapacity-ready, notReady
	if cutReady {
		room, total = MaxCapacity, ready
	}
	left := room
	for i := range ep.Subsets {
		s := &ep.Subsets[i]
		n := len(s.NotReadyAddresses)
		if cutReady {
			n = len(s.Addresses)
		}
		share := min(int(math.Ceil(float64(n)/float64(total)*float64(room))), left)
		if cutReady {
			s.Addresses = s.Addresses[:min(share, len(s.Addresses))]
			s.NotReadyAddresses = []corev1.EndpointAddress{}
			left -= len(s.Addresses)
		} else {
			s.NotReadyAddresses = s.NotReadyAddresses[:min(share, len(s.NotReadyAddresses))]
			left -= len(s.NotReadyAddresses)
		}
	}
	return true
}
