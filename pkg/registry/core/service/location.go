package service

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/proxyaddress"
)

// Locator resolves services/proxy requests to one of the service's ready endpoints.
type Locator struct {
	Services, Endpoints, Pods rest.Getter
	Transport                 http.RoundTripper
	Filter                    proxyaddress.Filter
}

// ResourceLocation returns where services/proxy sends a request for id ("name", "name:port" or
// "scheme:name:port", the port by name or number): a random ready address of the service's
// Endpoints that serves the port and belongs to a pod that has the address, as upstream. A service
// with none is a 503; an address that the filter refuses is skipped.
func (l Locator) ResourceLocation(ctx context.Context, id string) (*url.URL, http.RoundTripper, error) {
	scheme, name, port, valid := utilnet.SplitSchemeNamePort(id)
	if !valid {
		return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("invalid service request %q", id))
	}
	if number, err := strconv.ParseInt(port, 10, 32); err == nil {
		if port, err = l.portName(ctx, name, int32(number)); err != nil {
			return nil, nil, err
		}
	}
	obj, err := l.Endpoints.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return nil, nil, err
	}
	eps, ok := obj.(*corev1.Endpoints)
	if !ok {
		return nil, nil, fmt.Errorf("unexpected object type %T", obj)
	}
	if len(eps.Subsets) == 0 {
		return nil, nil, apierrors.NewServiceUnavailable(fmt.Sprintf("no endpoints available for service %q", name))
	}
	start := rand.IntN(len(eps.Subsets))
	for i := range eps.Subsets {
		subset := &eps.Subsets[(start+i)%len(eps.Subsets)]
		if loc := l.pick(ctx, subset, scheme, port); loc != nil {
			return loc, l.Transport, nil
		}
	}
	return nil, nil, apierrors.NewServiceUnavailable(fmt.Sprintf("no endpoints available for service %q", id))
}

// portName returns the name of the service's port number.
func (l Locator) portName(ctx context.Context, name string, number int32) (string, error) {
	obj, err := l.Services.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return "", err
	}
	svc, ok := obj.(*corev1.Service)
	if !ok {
		return "", fmt.Errorf("unexpected object type %T", obj)
	}
	for _, p := range svc.Spec.Ports {
		if p.Port == number {
			return p.Name, nil
		}
	}
	return "", apierrors.NewServiceUnavailable(fmt.Sprintf("no service port %d found for service %q", number, name))
}

// pick returns a random valid address of subset on the named port, or nil.
func (l Locator) pick(ctx context.Context, subset *corev1.EndpointSubset, scheme, port string) *url.URL {
	if len(subset.Addresses) == 0 {
		return nil
	}
	for _, p := range subset.Ports {
		if p.Name != port {
			continue
		}
		start := rand.IntN(len(subset.Addresses))
		for i := range subset.Addresses {
			addr := &subset.Addresses[(start+i)%len(subset.Addresses)]
			if err := l.validAddress(ctx, addr); err != nil {
				klog.FromContext(ctx).V(4).Info("Skipping endpoint address", "address", addr.IP, "err", err)
				continue
			}
			return &url.URL{Scheme: scheme, Host: net.JoinHostPort(addr.IP, strconv.Itoa(int(p.Port)))}
		}
	}
	return nil
}

// validAddress accepts an address that the filter allows and that a pod of the request's namespace
// has among its IPs, so that Endpoints written by hand cannot point the proxy anywhere.
func (l Locator) validAddress(ctx context.Context, addr *corev1.EndpointAddress) error {
	if err := l.Filter(ctx, addr.IP); err != nil {
		return err
	}
	ref := addr.TargetRef
	if ref == nil {
		return fmt.Errorf("address has no target ref")
	}
	if ns, _ := genericapirequest.NamespaceFrom(ctx); ns != ref.Namespace {
		return fmt.Errorf("address namespace %q does not match the service's %q", ref.Namespace, ns)
	}
	obj, err := l.Pods.Get(ctx, ref.Name, &metav1.GetOptions{})
	if err != nil {
		return err
	}
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return fmt.Errorf("unexpected object type %T", obj)
	}
	for _, ip := range pod.Status.PodIPs {
		if ip.IP == addr.IP {
			return nil
		}
	}
	return fmt.Errorf("pod %s/%s does not have IP %s", ref.Namespace, ref.Name, addr.IP)
}
