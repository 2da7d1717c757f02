// Package kubernetesservice keeps the `kubernetes` Service in the default namespace, and its Endpoints
// and EndpointSlice, pointing at the running API servers. Each server holds a lease in etcd
// (/registry/masterleases/<advertise address>) that it refreshes every reconcile interval and that
// expires after the lease TTL; the endpoints list the IPs that hold a lease, so a server that stops
// disappears from them once its lease expires, or at once when it shuts down cleanly.
package kubernetesservice

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"
)

const (
	// ServiceName is the name of the service (and its endpoints and slice) in the default namespace.
	ServiceName = "kubernetes"
	// ServicePort is the port of the kubernetes service.
	ServicePort = 443
	// ReconcileInterval is how often kube-apiserver refreshes its lease and the endpoints.
	ReconcileInterval = 10 * time.Second
	// LeaseTTL is how long a lease outlives the last refresh.
	LeaseTTL = 15 * time.Second

	portName = "https"
	// skipMirrorLabel keeps the EndpointSlice mirroring controller away: this controller writes the
	// slice itself.
	skipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror"
)

// Config is what the controller publishes.
type Config struct {
	Client kubernetes.Interface
	Leases *Leases
	// ServiceIP is the kubernetes service's cluster IP: the first address of the service range.
	ServiceIP netip.Addr
	// PublicIP and PublicPort are this server's advertise address and secure port.
	PublicIP   netip.Addr
	PublicPort int
	// NodePort, if not 0, makes the service a NodePort service on this node port.
	NodePort int32
	// Interval is the reconcile interval; zero means ReconcileInterval.
	Interval time.Duration
}

// Controller reconciles the kubernetes service and its endpoints.
type Controller struct {
	Config
	// mu keeps a reconcile and the removal at shutdown from interleaving.
	mu      sync.Mutex
	stopped bool
}

// New returns a controller for cfg.
func New(cfg Config) *Controller {
	if cfg.Interval == 0 {
		cfg.Interval = ReconcileInterval
	}
	return &Controller{Config: cfg}
}

// Run reconciles until ctx is done. The first pass that fails is retried at the interval, like every
// later one.
func (c *Controller) Run(ctx context.Context) {
	wait.UntilWithContext(ctx, func(ctx context.Context) {
		if err := c.ReconcileOnce(ctx); err != nil {
			klog.ErrorS(err, "Reconciling the kubernetes service failed")
		}
	}, c.Interval)
}

// ReconcileOnce makes sure the service exists as it should, refreshes this server's lease, and
// rewrites the endpoints and slice if they do not list exactly the leased IPs.
func (c *Controller) ReconcileOnce(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	if err := c.ensureService(ctx); err != nil {
		return fmt.Errorf("updating the kubernetes service: %w", err)
	}
	if err := c.Leases.Update(ctx, c.PublicIP.String()); err != nil {
		return fmt.Errorf("refreshing the lease of %s: %w", c.PublicIP, err)
	}
	return c.reconcileEndpoints(ctx, false)
}

// Stop removes this server's lease and its address from the endpoints, and stops reconciling.
func (c *Controller) Stop(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if err := c.Leases.Remove(ctx, c.PublicIP.String()); err != nil {
		return err
	}
	return c.reconcileEndpoints(ctx, true)
}

func (c *Controller) servicePorts() []corev1.ServicePort {
	return []corev1.ServicePort{{
		Name: portName, Protocol: corev1.ProtocolTCP, Port: ServicePort, TargetPort: intstr.FromInt32(int32(c.PublicPort)), NodePort: c.NodePort,
	}}
}

// serviceType is NodePort with a node port, else ClusterIP, as kube-apiserver's.
func (c *Controller) serviceType() corev1.ServiceType {
	if c.NodePort != 0 {
		return corev1.ServiceTypeNodePort
	}
	return corev1.ServiceTypeClusterIP
}

func (c *Controller) endpointPorts() []corev1.EndpointPort {
	return []corev1.EndpointPort{{Name: portName, Port: int32(c.PublicPort), Protocol: corev1.ProtocolTCP}}
}

// ensureService creates the service, or brings back its ports and type if someone changed them. Its
// cluster IP is never changed.
func (c *Controller) ensureService(ctx context.Context) error {
	services := c.Client.CoreV1().Services(metav1.NamespaceDefault)
	svc, err := services.Get(ctx, ServiceName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		svc = &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{
				Name:      ServiceName,
				Namespace: metav1.NamespaceDefault,
				Labels:    map[string]string{"provider": "kubernetes", "component": "apiserver"},
			},
			Spec: corev1.ServiceSpec{
				Ports:           c.servicePorts(),
				ClusterIP:       c.ServiceIP.String(),
				SessionAffinity: corev1.ServiceAffinityNone,
				Type:            c.serviceType(),
			},
		}
		_, err = services.Create(ctx, svc, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	}
	if err != nil {
		return err
	}
	want := c.servicePorts()
	if svc.Spec.Type == c.serviceType() && portsMatch(svc.Spec.Ports, want) {
		return nil
	}
	svc.Spec.Ports = want
	svc.Spec.Type = c.serviceType()
	klog.InfoS("Resetting the ports and type of the kubernetes service")
	_, err = services.Update(ctx, svc, metav1.UpdateOptions{})
	return err
}

func portsMatch(got, want []corev1.ServicePort) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Protocol != w.Protocol || g.Port != w.Port || g.TargetPort != w.TargetPort || g.NodePort != w.NodePort {
			return false
		}
	}
	return true
}
