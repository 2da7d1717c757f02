package kubernetesservice

import (
	"context"
	"fmt"
	"maps"
	"net/netip"
	"slices"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
)

// reconcileEndpoints rewrites the Endpoints to list the leased IPs and the slice to match them.
// Outside shutdown an empty lease list is taken as a storage problem, since this server just renewed
// its own, and nothing is erased.
func (c *Controller) reconcileEndpoints(ctx context.Context, stopping bool) error {
	endpointsClient := c.Client.CoreV1().Endpoints(metav1.NamespaceDefault)
	e, err := endpointsClient.Get(ctx, ServiceName, metav1.GetOptions{})
	create := false
	switch {
	case apierrors.IsNotFound(err):
		if stopping {
			return nil
		}
		create = true
		e = &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: ServiceName, Namespace: metav1.NamespaceDefault}}
	case err != nil:
		return err
	}
	ips, err := c.Leases.List(ctx)
	if err != nil {
		return err
	}
	if !stopping && len(ips) == 0 {
		return fmt.Errorf("no API server IP addresses were listed in storage, refusing to erase all endpoints for the kubernetes Service")
	}

	want := desiredSubsets(ips, c.endpointPorts())
	if e.Labels[skipMirrorLabel] == "true" && equality.Semantic.DeepEqual(e.Subsets, want) {
		return c.ensureSlice(ctx, e)
	}
	if e.Labels == nil {
		e.Labels = map[string]string{}
	}
	e.Labels[skipMirrorLabel] = "true"
	e.Subsets = want
	klog.InfoS("Resetting endpoints for the kubernetes service", "addresses", ips)
	if create {
		e, err = endpointsClient.Create(ctx, e, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
	} else {
		e, err = endpointsClient.Update(ctx, e, metav1.UpdateOptions{})
	}
	if err != nil {
		return err
	}
	return c.ensureSlice(ctx, e)
}

// desiredSubsets is one subset with the IPs, sorted, and the port; no subset if there are no IPs.
func desiredSubsets(ips []string, ports []corev1.EndpointPort) []corev1.EndpointSubset {
	if len(ips) == 0 {
		return nil
	}
	addresses := make([]corev1.EndpointAddress, len(ips))
	for i, ip := range ips {
		addresses[i] = corev1.EndpointAddress{IP: ip}
	}
	return []corev1.EndpointSubset{{Addresses: addresses, Ports: ports}}
}

// ensureSlice makes the kubernetes EndpointSlice mirror e, recreating it if its address type changed.
func (c *Controller) ensureSlice(ctx context.Context, e *corev1.Endpoints) error {
	sliceClient := c.Client.DiscoveryV1().EndpointSlices(metav1.NamespaceDefault)
	want := sliceFromEndpoints(e)
	current, err := sliceClient.Get(ctx, ServiceName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = sliceClient.Create(ctx, want, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	}
	if err != nil {
		return err
	}
	if current.AddressType != want.AddressType {
		if err := sliceClient.Delete(ctx, ServiceName, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
		_, err = sliceClient.Create(ctx, want, metav1.CreateOptions{})
		return err
	}
	if equality.Semantic.DeepEqual(current.Endpoints, want.Endpoints) &&
		equality.Semantic.DeepEqual(current.Ports, want.Ports) &&
		maps.Equal(current.Labels, want.Labels) {
		return nil
	}
	current.Endpoints, current.Ports, current.Labels = want.Endpoints, want.Ports, want.Labels
	_, err = sliceClient.Update(ctx, current, metav1.UpdateOptions{})
	return err
}

func sliceFromEndpoints(e *corev1.Endpoints) *discoveryv1.EndpointSlice {
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: e.Name, Namespace: e.Namespace, Labels: map[string]string{discoveryv1.LabelServiceName: e.Name}},
		AddressType: discoveryv1.AddressTypeIPv4,
	}
	if len(e.Subsets) == 0 {
		return slice
	}
	subset := e.Subsets[0]
	for _, p := range subset.Ports {
		slice.Ports = append(slice.Ports, discoveryv1.EndpointPort{Name: &p.Name, Port: &p.Port, Protocol: &p.Protocol})
	}
	all := append(slices.Clone(subset.Addresses), subset.NotReadyAddresses...)
	if len(all) > 0 && allIPv6(all) {
		slice.AddressType = discoveryv1.AddressTypeIPv6
	}
	for _, addr := range subset.Addresses {
		slice.Endpoints = append(slice.Endpoints, endpointFromAddress(addr, true))
	}
	for _, addr := range subset.NotReadyAddresses {
		slice.Endpoints = append(slice.Endpoints, endpointFromAddress(addr, false))
	}
	return slice
}

func endpointFromAddress(addr corev1.EndpointAddress, ready bool) discoveryv1.Endpoint {
	return discoveryv1.Endpoint{
		Addresses:  []string{addr.IP},
		Conditions: discoveryv1.EndpointConditions{Ready: &ready},
		TargetRef:  addr.TargetRef,
		NodeName:   addr.NodeName,
	}
}

func allIPv6(addresses []corev1.EndpointAddress) bool {
	for _, a := range addresses {
		ip, err := netip.ParseAddr(a.IP)
		if err != nil || !ip.Is6() || ip.Is4In6() {
			return false
		}
	}
	return true
}
