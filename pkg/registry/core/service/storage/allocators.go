package storage

import (
	"fmt"
	"net/netip"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/registry/core/service/ipallocator"
	"github.com/kapi-dev/kapi/pkg/registry/core/service/portallocator"
)

// NewAllocators returns the allocators of clusterIPRange and nodePortRange, over storage clients of their
// own (uncached: every allocation is a compare-and-swap against etcd), and the function that closes
// those clients.
func NewAllocators(optsGetter generic.RESTOptionsGetter, clusterIPRange netip.Prefix, nodePortRange utilnet.PortRange) (*Allocators, func(), error) {
	ipOpts, err := optsGetter.GetRESTOptions(networkingv1.Resource("ipaddresses"), &networkingv1.IPAddress{})
	if err != nil {
		return nil, nil, err
	}
	ipStore, destroyIPs, err := generic.NewRawStorage(ipOpts.StorageConfig,
		func() runtime.Object { return &networkingv1.IPAddress{} },
		func() runtime.Object { return &networkingv1.IPAddressList{} }, ipallocator.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("cluster IP allocator storage: %w", err)
	}
	ips, err := ipallocator.New(clusterIPRange, ipStore)
	if err != nil {
		destroyIPs()
		return nil, nil, err
	}

	svcOpts, err := optsGetter.GetRESTOptions(corev1.Resource("services"), &corev1.Service{})
	if err != nil {
		destroyIPs()
		return nil, nil, err
	}
	portConfig := svcOpts.StorageConfig.Config.ForResource(corev1.Resource("servicenodeportallocations"))
	portStore, destroyPorts, err := generic.NewRawStorage(portConfig,
		func() runtime.Object { return &corev1.RangeAllocation{} }, nil, portallocator.Key)
	if err != nil {
		destroyIPs()
		return nil, nil, fmt.Errorf("node port allocator storage: %w", err)
	}
	destroy := func() {
		destroyIPs()
		destroyPorts()
	}
	return &Allocators{IPs: []*ipallocator.Allocator{ips}, Ports: portallocator.New(nodePortRange, portStore)}, destroy, nil
}
