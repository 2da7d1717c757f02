package app

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/registry/generic"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/controller/kubernetesservice"
	"github.com/kapi-dev/kapi/pkg/controller/servicerepair"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
)

const (
	// initialRepairTimeout bounds the wait for the first allocation repair at start, as in
	// kube-apiserver, which fails to start rather than serve with unchecked allocations.
	initialRepairTimeout = time.Minute
	// orphanIPAge is how old an IPAddress no service holds must be before the repair deletes it:
	// older than any service write still in flight, which the request timeout bounds.
	orphanIPAge = 2 * time.Minute
	// shutdownTimeout bounds the removal of this server from the kubernetes endpoints at shutdown.
	shutdownTimeout = 10 * time.Second
)

// serviceNetwork is the service networking part of the configuration.
type serviceNetwork struct {
	ClusterIPRange netip.Prefix
	NodePortRange  utilnet.PortRange
	// PublicIP is the address this server publishes in the kubernetes service's endpoints; invalid
	// when the endpoint reconciler is off.
	PublicIP netip.Addr
}

// serviceNetwork resolves the networking flags. Call it after completeAdvertiseAddress.
func (o *Options) serviceNetwork() (serviceNetwork, error) {
	cidr, err := o.Networking.serviceCIDR()
	if err != nil {
		return serviceNetwork{}, err
	}
	n := serviceNetwork{ClusterIPRange: cidr, NodePortRange: o.Networking.ServiceNodePortRange}
	if o.Networking.EndpointReconcilerType == endpointReconcilerLease {
		ip, ok := netip.AddrFromSlice(o.ServerRun.AdvertiseAddress)
		if !ok {
			return serviceNetwork{}, fmt.Errorf("--advertise-address %v is not an IP address", o.ServerRun.AdvertiseAddress)
		}
		n.PublicIP = ip.Unmap()
	}
	return n, nil
}

// installServiceNetworking builds the cluster IP and node port allocators and adds to s the hooks that
// repair them and that keep the kubernetes service pointing at the running API servers. The returned
// function closes the allocators' and leases' storage clients.
func installServiceNetworking(s *genericapiserver.GenericAPIServer, client kubernetes.Interface, optsGetter generic.RESTOptionsGetter, n serviceNetwork) (_ *servicestore.Allocators, closeAll func(), err error) {
	alloc, closeAlloc, err := servicestore.NewAllocators(optsGetter, n.ClusterIPRange, n.NodePortRange)
	if err != nil {
		return nil, nil, err
	}
	closers := []func(){closeAlloc}
	closeAll = func() {
		for _, c := range closers {
			c()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	if err := s.AddPostStartHook("start-service-ip-repair-controllers", repairHook(client, alloc)); err != nil {
		return nil, nil, err
	}
	if err := s.AddPostStartHook("start-kubernetes-service-cidr-controller", defaultServiceCIDRHook(client, n.ClusterIPRange)); err != nil {
		return nil, nil, err
	}
	if !n.PublicIP.IsValid() {
		return alloc, closeAll, nil
	}
	leases, closeLeases, err := kubernetesservice.NewLeases(optsGetter, kubernetesservice.LeaseTTL)
	if err != nil {
		return nil, nil, err
	}
	closers = append(closers, closeLeases)
	_, port, err := s.SecureServingInfo.HostPort()
	if err != nil {
		return nil, nil, err
	}
	var controller *kubernetesservice.Controller
	err = s.AddPostStartHook("bootstrap-controller", func(ctx genericapiserver.PostStartHookContext) error {
		// The controller keeps v1 Endpoints on purpose; their deprecation warning is for users.
		config := rest.CopyConfig(ctx.LoopbackClientConfig)
		config.WarningHandler = rest.NoWarnings{}
		client, err := kubernetes.NewForConfig(config)
		if err != nil {
			return err
		}
		controller = kubernetesservice.New(kubernetesservice.Config{
			Client:     client,
			Leases:     leases,
			ServiceIP:  n.ClusterIPRange.Addr().Next(),
			PublicIP:   n.PublicIP,
			PublicPort: port,
		})
		go controller.Run(ctx)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	err = s.AddPreShutdownHook("stop-kubernetes-service-controller", func() error {
		if controller == nil {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if err := controller.Stop(ctx); err != nil {
			klog.ErrorS(err, "Removing this server from the kubernetes service endpoints failed")
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return alloc, closeAll, nil
}

// repairHook starts the periodic allocation repair and waits for its first pass.
func repairHook(client kubernetes.Interface, alloc *servicestore.Allocators) genericapiserver.PostStartHookFunc {
	return func(ctx genericapiserver.PostStartHookContext) error {
		repair := servicerepair.New(client, alloc, orphanIPAge)
		done := make(chan struct{})
		go repair.Run(ctx, servicerepair.Interval, func() { close(done) })
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(initialRepairTimeout):
			return errors.New("unable to perform initial IP and Port allocation check")
		}
	}
}
