package endpointslice

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/klog/v2"
	netutils "k8s.io/utils/net"

	"github.com/kapi-dev/kapi/pkg/controller/internal/endpoints"
)

// planner computes the slice changes for one service.
type planner struct {
	nodes       corelisters.NodeLister
	maxPerSlice int
}

// plan returns the writes that make existing, the slices this controller manages for svc, describe
// pods, and the errors met on the way (pods on nodes that do not exist), which ask for a retry while
// the rest is written.
func (p planner) plan(svc *corev1.Service, pods []*corev1.Pod, existing []*discoveryv1.EndpointSlice) (endpoints.Changes, error) {
	var changes endpoints.Changes
	var errs []error
	types := addressTypes(svc)
	byType := map[discoveryv1.AddressType][]*discoveryv1.EndpointSlice{}
	for _, s := range existing {
		if slices.Contains(types, s.AddressType) {
			byType[s.AddressType] = append(byType[s.AddressType], s)
		} else {
			changes.Delete = append(changes.Delete, s)
		}
	}
	for _, t := range types {
		c, err := p.planAddressType(svc, pods, byType[t], t)
		if err != nil {
			errs = append(errs, err)
		}
		changes.Create = append(changes.Create, c.Create...)
		changes.Update = append(changes.Update, c.Update...)
		changes.Delete = append(changes.Delete, c.Delete...)
	}
	applyHints(svc, &changes, existing)
	return changes, errors.Join(errs...)
}

func (p planner) planAddressType(svc *corev1.Service, pods []*corev1.Pod, existing []*discoveryv1.EndpointSlice, addressType discoveryv1.AddressType) (endpoints.Changes, error) {
	var changes endpoints.Changes
	var errs []error
	existingByPorts := map[string][]*discoveryv1.EndpointSlice{}
	for _, s := range existing {
		if ownedBy(s, svc) {
			key := endpoints.PortsKey(s.Ports)
			existingByPorts[key] = append(existingByPorts[key], s)
		} else {
			changes.Delete = append(changes.Delete, s)
		}
	}

	desired := map[string]endpoints.EndpointSet{}
	desiredPorts := map[string][]discoveryv1.EndpointPort{}
	for _, pod := range pods {
		if !endpoints.IncludePod(pod, true) {
			continue
		}
		ports := endpointPorts(svc, pod)
		key := endpoints.PortsKey(ports)
		if desired[key] == nil {
			desired[key], desiredPorts[key] = endpoints.EndpointSet{}, ports
		}
		node, err := p.node(pod)
		if err != nil {
			if !apierrors.IsNotFound(err) {
				return endpoints.Changes{}, err
			}
			// A pod on a node that is gone is left out until it is gone too, unless the service asks
			// for every address to be published.
			if !svc.Spec.PublishNotReadyAddresses {
				klog.InfoS("Skipping Pod for Service, Node not found", "pod", klog.KObj(pod), "service", klog.KObj(svc), "node", pod.Spec.NodeName)
				errs = append(errs, fmt.Errorf("skipping Pod %s for Service %s/%s: Node %s Not Found", pod.Name, svc.Namespace, svc.Name, pod.Spec.NodeName))
				continue
			}
		}
		if ep := podToEndpoint(pod, node, svc, addressType); len(ep.Addresses) > 0 {
			desired[key].Insert(&ep)
		}
	}

	for _, key := range slices.Sorted(maps.Keys(desired)) {
		c := p.planPorts(svc, existingByPorts[key], desired[key], desiredPorts[key], addressType)
		changes.Create = append(changes.Create, c.Create...)
		changes.Update = append(changes.Update, c.Update...)
		changes.Delete = append(changes.Delete, c.Delete...)
	}
	for _, key := range slices.Sorted(maps.Keys(existingByPorts)) {
		if _, ok := desired[key]; !ok {
			changes.Delete = append(changes.Delete, existingByPorts[key]...)
		}
	}

	// A service without endpoints keeps one empty slice, so that consumers can tell it has none.
	if len(existing) == len(changes.Delete) && len(changes.Create) == 0 {
		placeholder := newSlice(svc, []discoveryv1.EndpointPort{}, addressType)
		if len(changes.Delete) == 1 && samePlaceholder(changes.Delete[0], placeholder) {
			changes.Delete = nil
		} else {
			changes.Create = append(changes.Create, placeholder)
		}
	}
	return changes, errors.Join(errs...)
}

// node is the pod's node; a pod not scheduled yet has none to look up.
func (p planner) node(pod *corev1.Pod) (*corev1.Node, error) {
	if pod.Spec.NodeName == "" {
		return nil, nil
	}
	return p.nodes.Get(pod.Spec.NodeName)
}

// planPorts fits the desired endpoints of one port set into its existing slices: endpoints no longer
// desired leave, changed ones are rewritten in place, slices that change anyway are filled up first,
// then the unchanged slice that the rest fits best, then new slices.
func (p planner) planPorts(svc *corev1.Service, existing []*discoveryv1.EndpointSlice, desired endpoints.EndpointSet, ports []discoveryv1.EndpointPort, addressType discoveryv1.AddressType) endpoints.Changes {
	var changes endpoints.Changes
	var toUpdate, unchanged []*discoveryv1.EndpointSlice
	for _, s := range existing {
		kept := []discoveryv1.Endpoint{}
		changed := false
		for i := range s.Endpoints {
			want := desired.Get(&s.Endpoints[i])
			if want == nil {
				continue
			}
			kept = append(kept, *want)
			changed = changed || !endpoints.EqualBeyondKey(want, &s.Endpoints[i])
			desired.Delete(&s.Endpoints[i])
		}
		labels, labelsChanged := sliceLabels(s, svc)
		switch {
		case changed || len(kept) != len(s.Endpoints):
			if len(kept) == 0 {
				changes.Delete = append(changes.Delete, s)
				continue
			}
			s = s.DeepCopy()
			s.Endpoints, s.Labels = kept, labels
			toUpdate = append(toUpdate, s)
		case labelsChanged:
			s = s.DeepCopy()
			s.Labels = labels
			toUpdate = append(toUpdate, s)
		default:
			unchanged = append(unchanged, s)
		}
	}

	// The fullest first, to keep slices few.
	slices.SortStableFunc(toUpdate, func(a, b *discoveryv1.EndpointSlice) int { return cmp.Compare(len(b.Endpoints), len(a.Endpoints)) })
	for _, s := range toUpdate {
		s.Endpoints = append(s.Endpoints, desired.Take(p.maxPerSlice-len(s.Endpoints))...)
	}
	for len(desired) > 0 {
		var fill *discoveryv1.EndpointSlice
		if len(desired) < p.maxPerSlice {
			if i := bestFit(unchanged, len(desired), p.maxPerSlice); i >= 0 {
				fill = unchanged[i].DeepCopy()
				unchanged = slices.Delete(unchanged, i, i+1)
				toUpdate = append(toUpdate, fill)
			}
		}
		if fill == nil {
			fill = newSlice(svc, ports, addressType)
			changes.Create = append(changes.Create, fill)
		}
		fill.Endpoints = append(fill.Endpoints, desired.Take(p.maxPerSlice-len(fill.Endpoints))...)
	}
	changes.Update = toUpdate
	return changes
}

// bestFit is the index of the slice that n more endpoints fill closest to max without going over,
// -1 if none has room.
func bestFit(candidates []*discoveryv1.EndpointSlice, n, max int) int {
	best, bestGap := -1, max
	for i, s := range candidates {
		if gap := max - n - len(s.Endpoints); gap >= 0 && gap < bestGap {
			best, bestGap = i, gap
			if gap == 0 {
				break
			}
		}
	}
	return best
}

// addressTypes are the slice address types of the service's IP families; without families (written
// by an old server), the cluster IP's, or both for a headless service.
func addressTypes(svc *corev1.Service) []discoveryv1.AddressType {
	var types []discoveryv1.AddressType
	for _, f := range svc.Spec.IPFamilies {
		switch f {
		case corev1.IPv4Protocol:
			types = append(types, discoveryv1.AddressTypeIPv4)
		case corev1.IPv6Protocol:
			types = append(types, discoveryv1.AddressTypeIPv6)
		}
	}
	switch {
	case len(types) > 0:
		return types
	case endpoints.ServiceIPSet(svc) && endpoints.IsIPv6(svc.Spec.ClusterIP):
		return []discoveryv1.AddressType{discoveryv1.AddressTypeIPv6}
	case endpoints.ServiceIPSet(svc):
		return []discoveryv1.AddressType{discoveryv1.AddressTypeIPv4}
	}
	return []discoveryv1.AddressType{discoveryv1.AddressTypeIPv4, discoveryv1.AddressTypeIPv6}
}

// endpointPorts are the service's ports as the pod serves them; ports whose target the pod does not
// name are left out. A headless service may have none.
func endpointPorts(svc *corev1.Service, pod *corev1.Pod) []discoveryv1.EndpointPort {
	ports := []discoveryv1.EndpointPort{}
	for i := range svc.Spec.Ports {
		sp := &svc.Spec.Ports[i]
		number, err := endpoints.FindPort(pod, sp)
		if err != nil {
			klog.V(4).InfoS("Failed to find port for service", "service", klog.KObj(svc), "err", err)
			continue
		}
		ports = append(ports, discoveryv1.EndpointPort{Name: &sp.Name, Port: &number, Protocol: &sp.Protocol, AppProtocol: sp.AppProtocol})
	}
	return ports
}

// podToEndpoint is the pod's endpoint in a slice of addressType. A terminating pod is never ready,
// unless the service publishes not-ready addresses, but may still be serving.
func podToEndpoint(pod *corev1.Pod, node *corev1.Node, svc *corev1.Service, addressType discoveryv1.AddressType) discoveryv1.Endpoint {
	serving := endpoints.PodReady(pod)
	terminating := pod.DeletionTimestamp != nil
	ready := svc.Spec.PublishNotReadyAddresses || (serving && !terminating)
	ep := discoveryv1.Endpoint{
		Addresses:  podAddresses(pod, addressType),
		Conditions: discoveryv1.EndpointConditions{Ready: &ready, Serving: &serving, Terminating: &terminating},
		TargetRef:  &corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID},
	}
	if pod.Spec.NodeName != "" {
		ep.NodeName = &pod.Spec.NodeName
	}
	if node != nil && node.Labels[corev1.LabelTopologyZone] != "" {
		zone := node.Labels[corev1.LabelTopologyZone]
		ep.Zone = &zone
	}
	if endpoints.SetHostname(pod, svc) {
		ep.Hostname = &pod.Spec.Hostname
	}
	return ep
}

// podAddresses are the pod's IPs of the address type, in canonical form.
func podAddresses(pod *corev1.Pod, addressType discoveryv1.AddressType) []string {
	addresses := []string{}
	ips := pod.Status.PodIPs
	if len(ips) == 0 && pod.Status.PodIP != "" {
		ips = []corev1.PodIP{{IP: pod.Status.PodIP}}
	}
	for _, podIP := range ips {
		ip := netutils.ParseIPSloppy(podIP.IP)
		if ip == nil {
			continue
		}
		if netutils.IsIPv6(ip) == (addressType == discoveryv1.AddressTypeIPv6) {
			addresses = append(addresses, ip.String())
		}
	}
	return addresses
}

// newSlice is an empty slice of the service for the ports and address type.
func newSlice(svc *corev1.Service, ports []discoveryv1.EndpointPort, addressType discoveryv1.AddressType) *discoveryv1.EndpointSlice {
	s := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{
			GenerateName:    endpoints.NamePrefix(svc.Name),
			Namespace:       svc.Namespace,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(svc, corev1.SchemeGroupVersion.WithKind("Service"))},
		},
		Ports:       ports,
		AddressType: addressType,
		Endpoints:   []discoveryv1.Endpoint{},
	}
	s.Labels, _ = sliceLabels(s, svc)
	return s
}

// reserved are the labels a slice takes from its controller, not from the service.
var reserved = []string{discoveryv1.LabelServiceName, discoveryv1.LabelManagedBy, corev1.IsHeadlessService}

// sliceLabels are the labels the slice should have: the service's, its name, this controller and,
// for a headless service, the headless label; and whether the slice's own labels differ from the
// service's.
func sliceLabels(s *discoveryv1.EndpointSlice, svc *corev1.Service) (map[string]string, bool) {
	strip := func(m map[string]string) map[string]string {
		out := maps.Clone(m)
		if out == nil {
			out = map[string]string{}
		}
		for _, k := range reserved {
			delete(out, k)
		}
		return out
	}
	labels := strip(svc.Labels)
	changed := !maps.Equal(strip(s.Labels), labels)
	if !endpoints.ServiceIPSet(svc) {
		labels[corev1.IsHeadlessService] = ""
	}
	labels[discoveryv1.LabelServiceName] = svc.Name
	labels[discoveryv1.LabelManagedBy] = ManagedBy
	return labels, changed
}

// samePlaceholder tells whether an existing slice is already the placeholder that would replace it.
func samePlaceholder(s, placeholder *discoveryv1.EndpointSlice) bool {
	return s.Namespace == placeholder.Namespace && maps.Equal(s.Labels, placeholder.Labels) &&
		s.AddressType == placeholder.AddressType && len(s.Endpoints) == 0 && len(s.Ports) == 0
}

// ownedBy tells whether the slice's owners include the service.
func ownedBy(s *discoveryv1.EndpointSlice, svc *corev1.Service) bool {
	for _, o := range s.OwnerReferences {
		if o.UID == svc.UID && o.Kind == "Service" && o.APIVersion == "v1" {
			return true
		}
	}
	return false
}
