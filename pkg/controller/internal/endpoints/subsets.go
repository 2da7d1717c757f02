package endpoints

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// noPorts stands for the ports of a subset that has none, so that its addresses survive repacking.
var noPorts = corev1.EndpointPort{Port: -1}

// portID identifies a port by value: AppProtocol is a pointer.
type portID struct {
	name, protocol, appProtocol string
	port                        int32
	hasAppProtocol              bool
}

func portIDOf(p corev1.EndpointPort) portID {
	id := portID{name: p.Name, protocol: string(p.Protocol), port: p.Port}
	if p.AppProtocol != nil {
		id.appProtocol, id.hasAppProtocol = *p.AppProtocol, true
	}
	return id
}

type addressID struct {
	ip  string
	uid types.UID
}

func idOf(a *corev1.EndpointAddress) addressID {
	id := addressID{ip: a.IP}
	if a.TargetRef != nil {
		id.uid = a.TargetRef.UID
	}
	return id
}

// Repack returns subsets in their canonical form, as upstream's controllers write and compare them:
// each address (by IP and target UID) once per port, not ready if any subset says so for that port;
// ports offered by exactly the same addresses in one subset; addresses, ports and subsets sorted.
func Repack(subsets []corev1.EndpointSubset) []corev1.EndpointSubset {
	addresses := map[addressID]corev1.EndpointAddress{}
	// byPort maps each port to its addresses and whether each is ready.
	byPort := map[portID]map[addressID]bool{}
	ports := map[portID]corev1.EndpointPort{}
	add := func(port corev1.EndpointPort, a *corev1.EndpointAddress, ready bool) {
		id, pid := idOf(a), portIDOf(port)
		if _, ok := addresses[id]; !ok {
			addresses[id] = *a
		}
		if byPort[pid] == nil {
			byPort[pid] = map[addressID]bool{}
			ports[pid] = port
		}
		if wasReady, seen := byPort[pid][id]; !seen || wasReady {
			byPort[pid][id] = ready
		}
	}
	for i := range subsets {
		subsetPorts := subsets[i].Ports
		if len(subsetPorts) == 0 {
			subsetPorts = []corev1.EndpointPort{noPorts}
		}
		for _, port := range subsetPorts {
			for j := range subsets[i].Addresses {
				add(port, &subsets[i].Addresses[j], true)
			}
			for j := range subsets[i].NotReadyAddresses {
				add(port, &subsets[i].NotReadyAddresses[j], false)
			}
		}
	}

	type group struct {
		members map[addressID]bool
		ports   []corev1.EndpointPort
	}
	groups := map[string]*group{}
	for pid, members := range byPort {
		key := membersKey(members)
		if groups[key] == nil {
			groups[key] = &group{members: members}
		}
		groups[key].ports = append(groups[key].ports, ports[pid])
	}
	repacked := make([]corev1.EndpointSubset, 0, len(groups))
	for _, g := range groups {
		var subset corev1.EndpointSubset
		for id, ready := range g.members {
			if ready {
				subset.Addresses = append(subset.Addresses, addresses[id])
			} else {
				subset.NotReadyAddresses = append(subset.NotReadyAddresses, addresses[id])
			}
		}
		if len(g.ports) != 1 || portIDOf(g.ports[0]) != portIDOf(noPorts) {
			subset.Ports = g.ports
		}
		slices.SortFunc(subset.Addresses, compareAddresses)
		slices.SortFunc(subset.NotReadyAddresses, compareAddresses)
		slices.SortFunc(subset.Ports, comparePorts)
		repacked = append(repacked, subset)
	}
	slices.SortFunc(repacked, func(a, b corev1.EndpointSubset) int { return cmp.Compare(subsetKey(a), subsetKey(b)) })
	return repacked
}

func membersKey(members map[addressID]bool) string {
	ids := slices.SortedFunc(maps.Keys(members), func(a, b addressID) int {
		return cmp.Or(cmp.Compare(a.ip, b.ip), cmp.Compare(a.uid, b.uid))
	})
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "%s/%s/%t;", id.ip, id.uid, members[id])
	}
	return b.String()
}

func compareAddresses(a, b corev1.EndpointAddress) int {
	x, y := idOf(&a), idOf(&b)
	return cmp.Or(cmp.Compare(x.ip, y.ip), cmp.Compare(x.uid, y.uid))
}

func comparePorts(a, b corev1.EndpointPort) int {
	return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Port, b.Port), cmp.Compare(a.Protocol, b.Protocol))
}

func subsetKey(s corev1.EndpointSubset) string {
	var b strings.Builder
	for _, a := range s.Addresses {
		fmt.Fprintf(&b, "%s/%s;", a.IP, idOf(&a).uid)
	}
	b.WriteString("|")
	for _, a := range s.NotReadyAddresses {
		fmt.Fprintf(&b, "%s/%s;", a.IP, idOf(&a).uid)
	}
	b.WriteString("|")
	for _, p := range s.Ports {
		fmt.Fprintf(&b, "%s/%d/%s;", p.Name, p.Port, p.Protocol)
	}
	return b.String()
}
