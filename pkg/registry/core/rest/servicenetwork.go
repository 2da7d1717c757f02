package rest

import (
	"context"
	"errors"
	"net/netip"
	"time"

	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/registry/generic"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/controller/kubernetesservice"
	"github.com/kapi-dev/kapi/pkg/controller/servicerepair"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
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

// ServiceNetworkConfig says where services get their addresses and where the kubernetes service
// points.
type ServiceNetworkConfig struct {
	ClusterIPRange netip.Prefix
	NodePortRange  utilnet.PortRange
	// PublicIP and PublicPort are what this server publishes in the kubernetes service's endpoints;
	// an invalid PublicIP leaves the endpoints alone.
	PublicIP   netip.Addr
	PublicPort int
	// KubernetesServiceNodePort, if not 0, makes the kubernetes service a NodePort service on it.
	KubernetesServiceNodePort int32
}

// ServiceNetwork is the service networking of one server, built in one place: the cluster IP and node
// port allocators that the services storage draws from and the repair pass checks, and the leases
// through which the kubernetes service points at every running API server.
type ServiceNetwork struct {
	Allocators *servicestore.Allocators
	// Leases are nil when the server publishes no endpoints.
	Leases *kubernetesservice.Leases

	config  ServiceNetworkConfig
	closers []func()
}

// NewServiceNetwork opens the allocators' and leases' storage. Close closes it.
func NewServiceNetwork(optsGetter generic.RESTOptionsGetter, config ServiceNetworkConfig) (*ServiceNetwork, error) {
	n := &ServiceNetwork{config: config}
	alloc, closeAlloc, err := servicestore.NewAllocators(optsGetter, config.ClusterIPRange, config.NodePortRange)
	if err != nil {
		return nil, err
	}
	n.Allocators = alloc
	n.closers = append(n.closers, closeAlloc)
	if !config.PublicIP.IsValid() {
		return n, nil
	}
	leases, closeLeases, err := kubernetesservice.NewLeases(optsGetter, kubernetesservice.LeaseTTL)
	if err != nil {
		n.Close()
		return nil, err
	}
	n.Leases = leases
	n.closers = append(n.closers, closeLeases)
	return n, nil
}

// Close closes the storage clients NewServiceNetwork opened.
func (n *ServiceNetwork) Close() {
	for _, c := range n.closers {
		c()
	}
}

// hooks repair the allocations through client and keep the kubernetes service pointing at the
// running API servers through endpointsClient, under kube-apiserver's hook names.
func (n *ServiceNetwork) hooks(client, endpointsClient kubernetes.Interface) apigroup.Hooks {
	hooks := apigroup.Hooks{PostStart: []apigroup.PostStartHook{{Name: "start-service-ip-repair-controllers", Hook: n.repairHook(client)}}}
	if n.Leases == nil {
		return hooks
	}
	var controller *kubernetesservice.Controller
	hooks.PostStart = append(hooks.PostStart, apigroup.PostStartHook{Name: "bootstrap-controller", Hook: func(ctx genericapiserver.PostStartHookContext) error {
		controller = kubernetesservice.New(kubernetesservice.Config{
			Client:     endpointsClient,
			Leases:     n.Leases,
			ServiceIP:  n.config.ClusterIPRange.Addr().Next(),
			PublicIP:   n.config.PublicIP,
			PublicPort: n.config.PublicPort,
			NodePort:   n.config.KubernetesServiceNodePort,
		})
		go controller.Run(ctx)
		return nil
	}})
	hooks.PreShutdown = append(hooks.PreShutdown, apigroup.PreShutdownHook{Name: "stop-kubernetes-service-controller", Hook: func() error {
		if controller == nil {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if err := controller.Stop(ctx); err != nil {
			klog.ErrorS(err, "Removing this server from the kubernetes service endpoints failed")
		}
		return nil
	}})
	return hooks
}

// repairHook starts the periodic allocation repair and waits for its first pass.
func (n *ServiceNetwork) repairHook(client kubernetes.Interface) genericapiserver.PostStartHookFunc {
	return func(ctx genericapiserver.PostStartHookContext) error {
		repair := servicerepair.New(client, n.Allocators, orphanIPAge)
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
