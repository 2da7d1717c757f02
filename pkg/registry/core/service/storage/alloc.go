package storage

import (
	"context"
	"fmt"
	"net/netip"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/core/service"
	"github.com/kapi-dev/kapi/pkg/registry/core/service/ipallocator"
	"github.com/kapi-dev/kapi/pkg/registry/core/service/portallocator"
)

// serviceKind names services in the Invalid errors of an allocation.
var serviceKind = corev1.SchemeGroupVersion.WithKind("Service").GroupKind()

// Allocators are the cluster IP allocators (one per configured IP family) and the node port allocator
// a service write draws from.
type Allocators struct {
	// IPs holds the allocator of each configured family; the first is the default family.
	IPs   []*ipallocator.Allocator
	Ports *portallocator.Allocator
}

func (al *Allocators) ipAllocator(family corev1.IPFamily) *ipallocator.Allocator {
	for _, a := range al.IPs {
		if a.Family() == family {
			return a
		}
	}
	return nil
}

func (al *Allocators) defaultFamily() corev1.IPFamily { return al.IPs[0].Family() }

// transaction is what a service write did to the allocators: commit makes the deferred releases,
// revert undoes the allocations. Exactly one of them runs, when the write ends.
type transaction struct {
	commits, reverts []func()
}

func (t *transaction) finish(success bool) {
	fns := t.reverts
	if success {
		fns = t.commits
	}
	for _, fn := range fns {
		fn()
	}
}

func (t *transaction) onCommit(fn func()) { t.commits = append(t.commits, fn) }
func (t *transaction) onRevert(fn func()) { t.reverts = append(t.reverts, fn) }

// allocateCreate fills in the IP family fields, then allocates the cluster IPs and node ports of a new
// service.
func (al *Allocators) allocateCreate(ctx context.Context, svc *corev1.Service, dryRun bool) (*transaction, error) {
	txn := &transaction{}
	if err := al.initIPFamilyFields(svc, nil); err != nil {
		return nil, err
	}
	allocated, err := al.allocClusterIPs(ctx, svc, dryRun)
	if err != nil {
		return nil, err
	}
	txn.onRevert(func() { al.releaseIPs(ctx, allocated, dryRun) })

	op := portallocator.StartOperation(al.Ports, dryRun)
	txn.onCommit(func() { op.Commit(ctx) })
	txn.onRevert(func() { op.Revert(ctx) })
	if service.NeedsNodePort(svc) {
		if err := initNodePorts(ctx, svc, op); err != nil {
			txn.finish(false)
			return nil, err
		}
	}
	if service.NeedsHealthCheckNodePort(svc) {
		if err := allocHealthCheckNodePort(ctx, svc, op); err != nil {
			txn.finish(false)
			return nil, errors.NewInternalError(err)
		}
	}
	return txn, nil
}

// allocateUpdate allocates and releases what a change of the service's type or IP families calls for.
// Releases happen only when the write succeeds.
func (al *Allocators) allocateUpdate(ctx context.Context, svc, oldSvc *corev1.Service, dryRun bool) (*transaction, error) {
	txn := &transaction{}
	if err := al.initIPFamilyFields(svc, oldSvc); err != nil {
		return nil, err
	}
	allocated, toRelease, err := al.updateClusterIPs(ctx, svc, oldSvc, dryRun)
	if err != nil {
		return nil, err
	}
	txn.onCommit(func() { al.releaseIPs(ctx, toRelease, dryRun) })
	txn.onRevert(func() { al.releaseIPs(ctx, allocated, dryRun) })

	op := portallocator.StartOperation(al.Ports, dryRun)
	txn.onCommit(func() { op.Commit(ctx) })
	txn.onRevert(func() { op.Revert(ctx) })
	if service.NeedsNodePort(oldSvc) && !service.NeedsNodePort(svc) {
		for _, port := range NodePorts(oldSvc) {
			op.ReleaseDeferred(port)
		}
	}
	if service.NeedsNodePort(svc) {
		if err := updateNodePorts(ctx, svc, oldSvc, op); err != nil {
			txn.finish(false)
			return nil, err
		}
	}
	switch {
	case !service.NeedsHealthCheckNodePort(oldSvc) && service.NeedsHealthCheckNodePort(svc):
		if err := allocHealthCheckNodePort(ctx, svc, op); err != nil {
			txn.finish(false)
			return nil, errors.NewInternalError(err)
		}
	case service.NeedsHealthCheckNodePort(oldSvc) && !service.NeedsHealthCheckNodePort(svc):
		op.ReleaseDeferred(int(oldSvc.Spec.HealthCheckNodePort))
	}
	return txn, nil
}

// releaseAll gives back everything a deleted service held. Failures leave leaks that the repair
// controller frees.
func (al *Allocators) releaseAll(ctx context.Context, svc *corev1.Service) {
	if svc.Spec.Type != corev1.ServiceTypeExternalName && !isHeadless(svc) {
		toRelease := map[corev1.IPFamily]string{}
		for _, ip := range svc.Spec.ClusterIPs {
			toRelease[familyOf(ip)] = ip
		}
		al.releaseIPs(ctx, toRelease, false)
	}
	ports := NodePorts(svc)
	if service.NeedsHealthCheckNodePort(svc) && svc.Spec.HealthCheckNodePort > 0 {
		ports = append(ports, int(svc.Spec.HealthCheckNodePort))
	}
	for _, port := range ports {
		if err := al.Ports.Release(ctx, port); err != nil {
			klog.ErrorS(err, "Releasing node port of a deleted service failed", "service", klog.KObj(svc), "port", port)
		}
	}
}

// initIPFamilyFields defaults ipFamilyPolicy and ipFamilies from the request, the old service and the
// cluster's families, and rejects families the cluster does not have.
func (al *Allocators) initIPFamilyFields(svc, oldSvc *corev1.Service) error {
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		return nil
	}
	if isMatchingPreferDualStack(svc, oldSvc) {
		return nil
	}
	if svc.Spec.IPFamilyPolicy == nil {
		switch {
		case oldSvc != nil && oldSvc.Spec.IPFamilyPolicy != nil:
			svc.Spec.IPFamilyPolicy = oldSvc.Spec.IPFamilyPolicy
		case svc.Spec.ClusterIP == corev1.ClusterIPNone && len(svc.Spec.Selector) == 0:
			// Headless and selectorless services default to dual-stack.
			policy := corev1.IPFamilyPolicyRequireDualStack
			svc.Spec.IPFamilyPolicy = &policy
		default:
			policy := corev1.IPFamilyPolicySingleStack
			svc.Spec.IPFamilyPolicy = &policy
		}
	}
	if errs := validation.ValidateServiceClusterIPsRelatedFields(svc); len(errs) != 0 {
		return errors.NewInvalid(serviceKind, svc.Name, errs)
	}

	policyPath := field.NewPath("spec", "ipFamilyPolicy")
	var errs field.ErrorList
	if oldSvc != nil {
		if *svc.Spec.IPFamilyPolicy == corev1.IPFamilyPolicySingleStack {
			// Single-stack with unchanged fields is a clear request to drop the secondary family.
			if slices.Equal(oldSvc.Spec.ClusterIPs, svc.Spec.ClusterIPs) && len(svc.Spec.ClusterIPs) > 1 {
				svc.Spec.ClusterIPs = svc.Spec.ClusterIPs[:1]
			}
			if slices.Equal(oldSvc.Spec.IPFamilies, svc.Spec.IPFamilies) && len(svc.Spec.IPFamilies) > 1 {
				svc.Spec.IPFamilies = svc.Spec.IPFamilies[:1]
			}
		} else {
			if len(svc.Spec.ClusterIPs) > 0 && len(svc.Spec.ClusterIPs) < len(oldSvc.Spec.ClusterIPs) {
				errs = append(errs, field.Invalid(policyPath, svc.Spec.IPFamilyPolicy, "must be 'SingleStack' to release the secondary cluster IP"))
			}
			if len(svc.Spec.IPFamilies) > 0 && len(svc.Spec.IPFamilies) < len(oldSvc.Spec.IPFamilies) {
				errs = append(errs, field.Invalid(policyPath, svc.Spec.IPFamilyPolicy, "must be 'SingleStack' to release the secondary IP family"))
			}
		}
	}
	if *svc.Spec.IPFamilyPolicy == corev1.IPFamilyPolicySingleStack {
		if len(svc.Spec.ClusterIPs) == 2 {
			errs = append(errs, field.Invalid(policyPath, svc.Spec.IPFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"))
		}
		if len(svc.Spec.IPFamilies) == 2 {
			errs = append(errs, field.Invalid(policyPath, svc.Spec.IPFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"))
		}
	}
	for i, ip := range svc.Spec.ClusterIPs {
		if ip == corev1.ClusterIPNone {
			break
		}
		if i < len(svc.Spec.IPFamilies) {
			continue
		}
		family := familyOf(ip)
		if al.ipAllocator(family) == nil {
			errs = append(errs, field.Invalid(field.NewPath("spec", "clusterIPs").Index(i), svc.Spec.ClusterIPs, fmt.Sprintf("%s is not configured on this cluster", family)))
		} else {
			svc.Spec.IPFamilies = append(svc.Spec.IPFamilies, family)
		}
	}
	if len(errs) > 0 {
		return errors.NewInvalid(serviceKind, svc.Name, errs)
	}

	if svc.Spec.ClusterIP == corev1.ClusterIPNone && len(svc.Spec.Selector) == 0 {
		// Headless selectorless services may name families the cluster lacks.
		if len(svc.Spec.IPFamilies) == 0 {
			svc.Spec.IPFamilies = []corev1.IPFamily{al.defaultFamily()}
		}
		if len(svc.Spec.IPFamilies) < 2 && *svc.Spec.IPFamilyPolicy != corev1.IPFamilyPolicySingleStack {
			svc.Spec.IPFamilies = append(svc.Spec.IPFamilies, otherFamily(svc.Spec.IPFamilies[0]))
		}
		return nil
	}

	if *svc.Spec.IPFamilyPolicy == corev1.IPFamilyPolicyRequireDualStack && len(al.IPs) < 2 {
		errs = append(errs, field.Invalid(policyPath, svc.Spec.IPFamilyPolicy, "this cluster is not configured for dual-stack services"))
	}
	for i, family := range svc.Spec.IPFamilies {
		if al.ipAllocator(family) == nil {
			errs = append(errs, field.Invalid(field.NewPath("spec", "ipFamilies").Index(i), family, "not configured on this cluster"))
		}
	}
	if len(errs) > 0 {
		return errors.NewInvalid(serviceKind, svc.Name, errs)
	}
	if len(svc.Spec.IPFamilies) == 0 {
		svc.Spec.IPFamilies = []corev1.IPFamily{al.defaultFamily()}
	}
	if *svc.Spec.IPFamilyPolicy != corev1.IPFamilyPolicySingleStack && len(svc.Spec.IPFamilies) == 1 && len(al.IPs) == 2 {
		svc.Spec.IPFamilies = append(svc.Spec.IPFamilies, otherFamily(svc.Spec.IPFamilies[0]))
	}
	return nil
}

// allocClusterIPs allocates an IP of each of the service's families, the requested one if any, and
// returns what it allocated by family.
func (al *Allocators) allocClusterIPs(ctx context.Context, svc *corev1.Service, dryRun bool) (map[corev1.IPFamily]string, error) {
	if svc.Spec.Type == corev1.ServiceTypeExternalName || isHeadless(svc) {
		return nil, nil
	}
	toAlloc := map[corev1.IPFamily]string{}
	for i, family := range svc.Spec.IPFamilies {
		if i >= len(svc.Spec.ClusterIPs) {
			svc.Spec.ClusterIPs = append(svc.Spec.ClusterIPs, "")
		}
		toAlloc[family] = svc.Spec.ClusterIPs[i]
	}
	allocated, err := al.allocIPs(ctx, svc, toAlloc, dryRun)
	if err != nil {
		return nil, err
	}
	for i, family := range svc.Spec.IPFamilies {
		if ip, ok := allocated[family]; ok {
			svc.Spec.ClusterIPs[i] = ip
			if i == 0 {
				svc.Spec.ClusterIP = ip
			}
		}
	}
	return allocated, nil
}

func (al *Allocators) allocIPs(ctx context.Context, svc *corev1.Service, toAlloc map[corev1.IPFamily]string, dryRun bool) (map[corev1.IPFamily]string, error) {
	allocated := map[corev1.IPFamily]string{}
	for _, family := range sortedFamilies(toAlloc) {
		ip, alloc := toAlloc[family], al.ipAllocator(family)
		if ip == "" {
			var got netip.Addr
			var err error
			if dryRun {
				// Nothing is reserved, so any value would do; kube-apiserver shows the network address.
				got = alloc.CIDR().Addr()
			} else {
				got, err = alloc.AllocateNext(ctx, svc)
			}
			if err != nil {
				al.releaseIPs(ctx, allocated, dryRun)
				return nil, errors.NewInternalError(fmt.Errorf("failed to allocate a serviceIP: %v", err))
			}
			allocated[family] = got.String()
			continue
		}
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			al.releaseIPs(ctx, allocated, dryRun)
			return nil, errors.NewInternalError(fmt.Errorf("failed to parse service IP %q", ip))
		}
		if dryRun {
			err = alloc.Check(addr)
		} else {
			err = alloc.Allocate(ctx, svc, addr)
		}
		if err != nil {
			al.releaseIPs(ctx, allocated, dryRun)
			errs := field.ErrorList{field.Invalid(field.NewPath("spec", "clusterIPs"), svc.Spec.ClusterIPs, fmt.Sprintf("failed to allocate IP %v: %v", ip, err))}
			return nil, errors.NewInvalid(serviceKind, svc.Name, errs)
		}
		allocated[family] = ip
	}
	return allocated, nil
}

func (al *Allocators) releaseIPs(ctx context.Context, toRelease map[corev1.IPFamily]string, dryRun bool) {
	if dryRun {
		return
	}
	for family, ip := range toRelease {
		alloc := al.ipAllocator(family)
		addr, err := netip.ParseAddr(ip)
		if alloc == nil || err != nil {
			klog.InfoS("Not releasing cluster IP of a family this server does not allocate", "clusterIP", ip, "family", family)
			continue
		}
		if err := alloc.Release(ctx, addr); err != nil {
			klog.ErrorS(err, "Releasing cluster IP failed; the repair controller will free it", "clusterIP", ip)
		}
	}
}

// updateClusterIPs handles a type change to or from ExternalName and a change between single- and
// dual-stack. Releases are returned for the caller to make once the write succeeds.
func (al *Allocators) updateClusterIPs(ctx context.Context, svc, oldSvc *corev1.Service, dryRun bool) (allocated, toRelease map[corev1.IPFamily]string, err error) {
	if isMatchingPreferDualStack(svc, oldSvc) {
		return nil, nil, nil
	}
	if oldSvc.Spec.Type == corev1.ServiceTypeExternalName && svc.Spec.Type != corev1.ServiceTypeExternalName {
		allocated, err := al.allocClusterIPs(ctx, svc, dryRun)
		return allocated, nil, err
	}
	if isHeadless(oldSvc) {
		return nil, nil, nil
	}
	if oldSvc.Spec.Type != corev1.ServiceTypeExternalName && svc.Spec.Type == corev1.ServiceTypeExternalName {
		toRelease = map[corev1.IPFamily]string{}
		for i, family := range oldSvc.Spec.IPFamilies {
			if i < len(oldSvc.Spec.ClusterIPs) {
				toRelease[family] = oldSvc.Spec.ClusterIPs[i]
			}
		}
		return nil, toRelease, nil
	}
	switch {
	case len(oldSvc.Spec.IPFamilies) == 1 && len(svc.Spec.IPFamilies) == 2:
		if len(svc.Spec.ClusterIPs) < 2 {
			svc.Spec.ClusterIPs = append(svc.Spec.ClusterIPs, "")
		}
		secondary := svc.Spec.IPFamilies[1]
		allocated, err := al.allocIPs(ctx, svc, map[corev1.IPFamily]string{secondary: svc.Spec.ClusterIPs[1]}, dryRun)
		if err != nil {
			return nil, nil, err
		}
		svc.Spec.ClusterIPs[1] = allocated[secondary]
		return allocated, nil, nil
	case len(oldSvc.Spec.IPFamilies) == 2 && len(svc.Spec.IPFamilies) == 1 && len(oldSvc.Spec.ClusterIPs) == 2:
		return nil, map[corev1.IPFamily]string{oldSvc.Spec.IPFamilies[1]: oldSvc.Spec.ClusterIPs[1]}, nil
	}
	return nil, nil, nil
}

// initNodePorts reserves the node ports of a new service: requested ones as given, and one port per
// distinct service port number otherwise.
func initNodePorts(ctx context.Context, svc *corev1.Service, op *portallocator.Operation) error {
	byPort := map[int32]int32{}
	for i := range svc.Spec.Ports {
		sp := &svc.Spec.Ports[i]
		if sp.NodePort == 0 && !shouldAllocateNodePorts(svc) {
			continue
		}
		already := byPort[sp.Port]
		switch {
		case already == 0:
			if requested := requestedNodePort(sp.Port, svc.Spec.Ports); requested != 0 {
				if err := op.Allocate(ctx, int(requested)); err != nil {
					return nodePortInvalid(svc, i, requested, err)
				}
				sp.NodePort = requested
			} else {
				port, err := op.AllocateNext(ctx)
				if err != nil {
					return errors.NewInternalError(fmt.Errorf("failed to allocate a nodePort: %v", err))
				}
				sp.NodePort = int32(port)
			}
			byPort[sp.Port] = sp.NodePort
		case sp.NodePort == 0:
			// Ports sharing a number (TCP and UDP) share the node port.
			sp.NodePort = already
		case sp.NodePort != already:
			if err := op.Allocate(ctx, int(sp.NodePort)); err != nil {
				return nodePortInvalid(svc, i, sp.NodePort, err)
			}
		}
	}
	return nil
}

// updateNodePorts reserves the node ports an updated service newly uses and schedules the release of
// the ones it no longer uses.
func updateNodePorts(ctx context.Context, svc, oldSvc *corev1.Service, op *portallocator.Operation) error {
	oldPorts := NodePorts(oldSvc)
	reserved := map[int32]bool{}
	type protoPort struct {
		protocol corev1.Protocol
		port     int32
	}
	seen := map[protoPort]bool{}
	for i := range svc.Spec.Ports {
		sp := &svc.Spec.Ports[i]
		if sp.NodePort == 0 && !shouldAllocateNodePorts(svc) {
			continue
		}
		if sp.NodePort != 0 {
			if !slices.Contains(oldPorts, int(sp.NodePort)) && !reserved[sp.NodePort] {
				if err := op.Allocate(ctx, int(sp.NodePort)); err != nil {
					return nodePortInvalid(svc, i, sp.NodePort, err)
				}
				reserved[sp.NodePort] = true
			}
		} else {
			port, err := op.AllocateNext(ctx)
			if err != nil {
				return errors.NewInternalError(fmt.Errorf("failed to allocate a nodePort: %v", err))
			}
			sp.NodePort = int32(port)
		}
		key := protoPort{sp.Protocol, sp.NodePort}
		if seen[key] {
			return fmt.Errorf("duplicate nodePort: %v", key)
		}
		seen[key] = true
	}
	newPorts := NodePorts(svc)
	for _, port := range oldPorts {
		if !slices.Contains(newPorts, port) {
			op.ReleaseDeferred(port)
		}
	}
	return nil
}

func allocHealthCheckNodePort(ctx context.Context, svc *corev1.Service, op *portallocator.Operation) error {
	if requested := svc.Spec.HealthCheckNodePort; requested != 0 {
		if err := op.Allocate(ctx, int(requested)); err != nil {
			return fmt.Errorf("failed to allocate requested HealthCheck NodePort %v: %v", requested, err)
		}
		return nil
	}
	port, err := op.AllocateNext(ctx)
	if err != nil {
		return fmt.Errorf("failed to allocate a HealthCheck NodePort %v: %v", port, err)
	}
	svc.Spec.HealthCheckNodePort = int32(port)
	return nil
}

func nodePortInvalid(svc *corev1.Service, i int, port int32, err error) error {
	errs := field.ErrorList{field.Invalid(field.NewPath("spec", "ports").Index(i).Child("nodePort"), port, err.Error())}
	return errors.NewInvalid(serviceKind, svc.Name, errs)
}

func requestedNodePort(port int32, ports []corev1.ServicePort) int32 {
	for _, sp := range ports {
		if sp.Port == port && sp.NodePort != 0 {
			return sp.NodePort
		}
	}
	return 0
}

func shouldAllocateNodePorts(svc *corev1.Service) bool {
	switch svc.Spec.Type {
	case corev1.ServiceTypeNodePort:
		return true
	case corev1.ServiceTypeLoadBalancer:
		return svc.Spec.AllocateLoadBalancerNodePorts == nil || *svc.Spec.AllocateLoadBalancerNodePorts
	}
	return false
}

// NodePorts lists the node ports of a service's ports, without its health-check node port.
func NodePorts(svc *corev1.Service) []int {
	var ports []int
	for _, sp := range svc.Spec.Ports {
		if sp.NodePort != 0 {
			ports = append(ports, int(sp.NodePort))
		}
	}
	return ports
}

func isHeadless(svc *corev1.Service) bool {
	return len(svc.Spec.ClusterIPs) > 0 && svc.Spec.ClusterIPs[0] == corev1.ClusterIPNone
}

// isMatchingPreferDualStack is true for an update of a PreferDualStack service that leaves type,
// policy, cluster IPs and families alone: such a service is never upgraded or downgraded just because
// the cluster's families changed.
func isMatchingPreferDualStack(svc, oldSvc *corev1.Service) bool {
	if oldSvc == nil || svc.Spec.IPFamilyPolicy == nil || oldSvc.Spec.Type != svc.Spec.Type {
		return false
	}
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		return false
	}
	if *svc.Spec.IPFamilyPolicy != corev1.IPFamilyPolicyPreferDualStack {
		return false
	}
	if oldSvc.Spec.IPFamilyPolicy != nil && *oldSvc.Spec.IPFamilyPolicy != corev1.IPFamilyPolicyPreferDualStack {
		return false
	}
	return slices.Equal(oldSvc.Spec.ClusterIPs, svc.Spec.ClusterIPs) && slices.Equal(oldSvc.Spec.IPFamilies, svc.Spec.IPFamilies)
}

// familyOf returns the IP family of a cluster IP as written in a service, IPFamilyUnknown when it
// does not parse.
func familyOf(ip string) corev1.IPFamily {
	addr, _ := netip.ParseAddr(ip)
	return ipallocator.FamilyOf(addr.Unmap())
}

func otherFamily(family corev1.IPFamily) corev1.IPFamily {
	if family == corev1.IPv4Protocol {
		return corev1.IPv6Protocol
	}
	return corev1.IPv4Protocol
}

// sortedFamilies orders allocation deterministically, so a failure always reports the same family.
func sortedFamilies(m map[corev1.IPFamily]string) []corev1.IPFamily {
	families := make([]corev1.IPFamily, 0, len(m))
	for f := range m {
		families = append(families, f)
	}
	slices.Sort(families)
	return families
}
