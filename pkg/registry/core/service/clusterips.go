package service

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// NormalizeClusterIPs keeps spec.clusterIP and spec.clusterIPs in step before anything reads them.
// oldSvc is nil on create. Old clients know only the singular field, so on create a lone clusterIP
// seeds clusterIPs, and on update a change to clusterIP that leaves clusterIPs as it was is carried
// over to it. The singular field is never derived from the plural one: a client that sends
// clusterIPs must send both, and validation judges any mismatch.
func NormalizeClusterIPs(svc, oldSvc *corev1.Service) {
	if oldSvc == nil {
		if svc.Spec.ClusterIP != "" && len(svc.Spec.ClusterIPs) == 0 {
			svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
		}
		return
	}

	// An old client patching some other field sends clusterIP but no clusterIPs.
	if len(oldSvc.Spec.ClusterIPs) > 0 && len(svc.Spec.ClusterIPs) == 0 && svc.Spec.ClusterIP == oldSvc.Spec.ClusterIP {
		svc.Spec.ClusterIPs = oldSvc.Spec.ClusterIPs
	}

	if svc.Spec.ClusterIP == oldSvc.Spec.ClusterIP || !slices.Equal(svc.Spec.ClusterIPs, oldSvc.Spec.ClusterIPs) {
		return
	}
	if oldSvc.Spec.ClusterIP != "" && svc.Spec.ClusterIP == "" {
		svc.Spec.ClusterIPs = nil
	} else {
		svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
	}
}

// PatchAllocatedValues fills in, on update, the cluster IPs and node ports the client left out but
// the stored service has, so that re-submitting the manifest a service was created from succeeds
// instead of trying to clear them. A node port is only carried over, matched by port name, if no
// port of the new service already uses it.
func PatchAllocatedValues(svc, oldSvc *corev1.Service) {
	if needsClusterIP(oldSvc) && needsClusterIP(svc) {
		if svc.Spec.ClusterIP == "" {
			svc.Spec.ClusterIP = oldSvc.Spec.ClusterIP
		}
		if len(svc.Spec.ClusterIPs) == 0 && len(oldSvc.Spec.ClusterIPs) > 0 {
			svc.Spec.ClusterIPs = oldSvc.Spec.ClusterIPs
		}
	}

	if NeedsNodePort(oldSvc) && NeedsNodePort(svc) {
		used := nodePorts(oldSvc).Intersection(nodePorts(svc))
		byName := map[string]int32{}
		for _, p := range oldSvc.Spec.Ports {
			byName[p.Name] = p.NodePort
		}
		for i := range svc.Spec.Ports {
			p := &svc.Spec.Ports[i]
			if p.NodePort == 0 && !used.Has(byName[p.Name]) {
				p.NodePort = byName[p.Name]
			}
		}
	}

	if NeedsHealthCheckNodePort(oldSvc) && NeedsHealthCheckNodePort(svc) && svc.Spec.HealthCheckNodePort == 0 {
		svc.Spec.HealthCheckNodePort = oldSvc.Spec.HealthCheckNodePort
	}
}

// DefaultOnRead fixes up a Service or ServiceList on its way out: services stored before
// clusterIPs existed are shown with it, and ExternalName services, which an earlier defaulting
// wrongly gave an internalTrafficPolicy, are shown without one.
func DefaultOnRead(obj runtime.Object) {
	switch o := obj.(type) {
	case *corev1.Service:
		defaultOnRead(o)
	case *corev1.ServiceList:
		for i := range o.Items {
			defaultOnRead(&o.Items[i])
		}
	}
}

func defaultOnRead(svc *corev1.Service) {
	if svc == nil {
		return
	}
	NormalizeClusterIPs(svc, nil)
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		svc.Spec.InternalTrafficPolicy = nil
	}
}
