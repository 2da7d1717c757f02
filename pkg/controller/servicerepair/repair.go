// Package servicerepair reconciles the cluster IP and node port allocations with the services that
// exist, at start and then periodically, as kube-apiserver's repair controllers do: an allocation a
// service holds but storage lost is restored, and one no service holds (left by a crash between
// allocating and storing a service) is freed once it has been seen leaked long enough not to belong to
// a write in flight. Every fix is logged.
package servicerepair

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/registry/core/service/ipallocator"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
)

const (
	// Interval is how often kube-apiserver runs its allocation repair.
	Interval = 3 * time.Minute
	// leakedPortRuns is how many passes in a row a node port must be seen allocated but unused before
	// it is freed.
	leakedPortRuns = 3
)

// Repair reconciles allocations with services.
type Repair struct {
	client kubernetes.Interface
	alloc  *servicestore.Allocators
	// orphanAge is how old an IPAddress no service holds must be before it is deleted.
	orphanAge time.Duration
	// portLeaks counts, per node port, the consecutive passes that found it leaked.
	portLeaks map[int]int
}

// New returns a repairer that lists services with client and fixes alloc's state. An IPAddress that no
// service holds is deleted once it is older than orphanAge.
func New(client kubernetes.Interface, alloc *servicestore.Allocators, orphanAge time.Duration) *Repair {
	return &Repair{client: client, alloc: alloc, orphanAge: orphanAge, portLeaks: map[int]int{}}
}

// Run repairs every interval until ctx is done; firstDone is called after the first successful pass,
// which is retried every second until it succeeds.
func (r *Repair) Run(ctx context.Context, interval time.Duration, firstDone func()) {
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		if err := r.RunOnce(ctx); err != nil {
			klog.ErrorS(err, "Repairing service allocations failed")
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return
	}
	firstDone()
	wait.UntilWithContext(ctx, func(ctx context.Context) {
		if err := r.RunOnce(ctx); err != nil {
			klog.ErrorS(err, "Repairing service allocations failed")
		}
	}, interval)
}

// RunOnce makes one repair pass over cluster IPs and node ports.
func (r *Repair) RunOnce(ctx context.Context) error {
	// IPAddresses are listed before services: an address allocated for a service stored after the
	// listing is then young enough to be spared.
	addresses := map[string]networkingv1.IPAddress{}
	for _, a := range r.alloc.IPs {
		items, err := a.List(ctx)
		if err != nil {
			return fmt.Errorf("listing IPAddresses: %w", err)
		}
		for _, item := range items {
			addresses[item.Name] = item
		}
	}
	list, err := r.client.CoreV1().Services(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing services: %w", err)
	}
	if err := r.repairIPs(ctx, list.Items, addresses); err != nil {
		return err
	}
	return r.repairPorts(ctx, list.Items)
}

func (r *Repair) repairIPs(ctx context.Context, services []corev1.Service, addresses map[string]networkingv1.IPAddress) error {
	held := map[string]bool{}
	for i := range services {
		svc := &services[i]
		if svc.Spec.Type == corev1.ServiceTypeExternalName || svc.Spec.ClusterIP == corev1.ClusterIPNone || svc.Spec.ClusterIP == "" {
			continue
		}
		ips := svc.Spec.ClusterIPs
		if len(ips) == 0 {
			ips = []string{svc.Spec.ClusterIP}
		}
		for _, s := range ips {
			ip, err := netip.ParseAddr(s)
			if err != nil {
				klog.InfoS("Service has an unparseable cluster IP; please recreate the service", "service", klog.KObj(svc), "clusterIP", s)
				continue
			}
			ip = ip.Unmap()
			held[ip.String()] = true
			alloc := r.allocatorFor(ip)
			if alloc == nil {
				klog.InfoS("Cluster IP is not within any configured service CIDR; please recreate the service", "service", klog.KObj(svc), "clusterIP", ip)
				continue
			}
			existing, ok := addresses[ip.String()]
			if !ok {
				klog.InfoS("Cluster IP is not allocated; repairing", "service", klog.KObj(svc), "clusterIP", ip)
				if err := alloc.Create(ctx, ipallocator.NewIPAddress(ip, svc)); err != nil && err != ipallocator.ErrAllocated {
					return fmt.Errorf("restoring the allocation of %s: %w", ip, err)
				}
				continue
			}
			if ref := existing.Spec.ParentRef; ref == nil || ref.Resource != "services" || ref.Namespace != svc.Namespace || ref.Name != svc.Name {
				klog.InfoS("Cluster IP was assigned to multiple services; please recreate the service", "service", klog.KObj(svc), "clusterIP", ip, "holder", existing.Spec.ParentRef)
			}
		}
	}
	now := time.Now()
	for name, addr := range addresses {
		if held[name] || addr.Labels[networkingv1.LabelManagedBy] != ipallocator.ControllerName {
			continue
		}
		if now.Sub(addr.CreationTimestamp.Time) < r.orphanAge {
			continue
		}
		ip, err := netip.ParseAddr(name)
		if err != nil {
			continue
		}
		alloc := r.allocatorFor(ip)
		if alloc == nil {
			continue
		}
		klog.InfoS("Cluster IP is allocated but no service holds it; releasing", "clusterIP", name, "parentRef", addr.Spec.ParentRef)
		if err := alloc.Release(ctx, ip); err != nil {
			return fmt.Errorf("releasing leaked cluster IP %s: %w", name, err)
		}
	}
	return nil
}

func (r *Repair) allocatorFor(ip netip.Addr) *ipallocator.Allocator {
	for _, a := range r.alloc.IPs {
		if a.CIDR().Contains(ip) {
			return a
		}
	}
	return nil
}

func (r *Repair) repairPorts(ctx context.Context, services []corev1.Service) error {
	portRange := r.alloc.Ports.Range()
	used := map[int]string{}
	for i := range services {
		svc := &services[i]
		for _, port := range nodePortsOf(svc) {
			owner := svc.Namespace + "/" + svc.Name
			switch {
			case !portRange.Contains(port):
				klog.InfoS("Node port is not within the port range; please recreate the service", "service", klog.KObj(svc), "nodePort", port, "range", portRange.String())
			case used[port] != "" && used[port] != owner:
				klog.InfoS("Node port was assigned to multiple services; please recreate the service", "service", klog.KObj(svc), "nodePort", port, "otherService", used[port])
			default:
				used[port] = owner
			}
		}
	}
	var leaks map[int]int
	var lost, released []int
	err := r.alloc.Ports.Rebuild(ctx, func(allocated []int) []int {
		leaks, lost, released = map[int]int{}, nil, nil
		marked := map[int]bool{}
		var keep []int
		for _, port := range allocated {
			marked[port] = true
			if used[port] != "" {
				keep = append(keep, port)
				continue
			}
			runs := r.portLeaks[port] + 1
			if runs < leakedPortRuns {
				leaks[port] = runs
				keep = append(keep, port)
			} else {
				released = append(released, port)
			}
		}
		for port := range used {
			if !marked[port] {
				lost = append(lost, port)
				keep = append(keep, port)
			}
		}
		return keep
	})
	if err != nil {
		return fmt.Errorf("rebuilding the node port allocations: %w", err)
	}
	for _, port := range lost {
		klog.InfoS("Node port is not allocated; repairing", "nodePort", port, "service", used[port])
	}
	for _, port := range released {
		klog.InfoS("Node port appears to have leaked; cleaning up", "nodePort", port)
	}
	r.portLeaks = leaks
	return nil
}

// nodePortsOf lists the node ports a service holds, its health-check node port included.
func nodePortsOf(svc *corev1.Service) []int {
	ports := servicestore.NodePorts(svc)
	if svc.Spec.HealthCheckNodePort != 0 {
		ports = append(ports, int(svc.Spec.HealthCheckNodePort))
	}
	return ports
}
