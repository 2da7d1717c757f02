package service

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type serviceStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatus
}

// Strategy is the create, update and delete behaviour of services.
var Strategy = serviceStrategy{Base: basestrategy.Namespaced}

// PrepareForCreate drops the status: only services/status may set it.
func (serviceStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	obj.(*corev1.Service).Status = corev1.ServiceStatus{}
}

// PrepareForUpdate keeps the status and clears the fields that the new type no longer uses.
func (serviceStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	svc, oldSvc := obj.(*corev1.Service), old.(*corev1.Service)
	svc.Status = oldSvc.Status
	dropTypeDependentFields(svc, oldSvc)
}

// Validate checks a new service.
func (serviceStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateService(obj.(*corev1.Service))
}

// WarningsOnCreate warns about values the service proxy ignores or will stop accepting.
func (serviceStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return warningsForService(obj.(*corev1.Service))
}

// AllowCreateOnUpdate is true: a PUT to a missing service creates it.
func (serviceStrategy) AllowCreateOnUpdate(ctx context.Context) bool { return true }

// ValidateUpdate checks an update of a service.
func (serviceStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateServiceUpdate(obj.(*corev1.Service), old.(*corev1.Service))
}

// WarningsOnUpdate warns about values the service proxy ignores or will stop accepting.
func (serviceStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return warningsForService(obj.(*corev1.Service))
}

type serviceStatusStrategy struct {
	serviceStrategy
	basestrategy.KeepsSpec
}

// StatusStrategy is the update behaviour of services/status.
var StatusStrategy = serviceStatusStrategy{serviceStrategy: Strategy}

// PrepareForUpdate keeps the spec: a status write changes status (and metadata) only.
func (serviceStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	obj.(*corev1.Service).Spec = old.(*corev1.Service).Spec
}

// ValidateUpdate checks a status update.
func (serviceStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateServiceStatusUpdate(obj.(*corev1.Service), old.(*corev1.Service))
}

// WarningsOnUpdate returns no warnings.
func (serviceStatusStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}

// GetAttrs returns the labels and the selectable fields of a service.
var GetAttrs = basestrategy.Attrs("a service", SelectableFields)

// SelectableFields returns the fields a field selector may match on a service.
func SelectableFields(svc *corev1.Service) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{
		"spec.clusterIP": svc.Spec.ClusterIP,
		"spec.type":      string(svc.Spec.Type),
	}, &svc.ObjectMeta, true)
}

// dropTypeDependentFields clears, when an update switches the service to a type that does not use
// them, the values that were (or could have been) allocated for the old type, so that a client
// changing only spec.type does not have to clear them itself. A value the client changed in the
// same request is left for validation to judge.
func dropTypeDependentFields(svc, oldSvc *corev1.Service) {
	if needsClusterIP(oldSvc) && !needsClusterIP(svc) {
		if svc.Spec.ClusterIP == oldSvc.Spec.ClusterIP && slices.Equal(svc.Spec.ClusterIPs, oldSvc.Spec.ClusterIPs) {
			svc.Spec.ClusterIP = ""
			svc.Spec.ClusterIPs = nil
		}
		if reflect.DeepEqual(svc.Spec.IPFamilies, oldSvc.Spec.IPFamilies) {
			svc.Spec.IPFamilies = nil
		}
		if ipFamilyPolicy(svc) == ipFamilyPolicy(oldSvc) {
			svc.Spec.IPFamilyPolicy = nil
		}
	}

	if NeedsNodePort(oldSvc) && !NeedsNodePort(svc) && nodePorts(oldSvc).IsSuperset(nodePorts(svc)) {
		for i := range svc.Spec.Ports {
			svc.Spec.Ports[i].NodePort = 0
		}
	}

	if NeedsHealthCheckNodePort(oldSvc) && !NeedsHealthCheckNodePort(svc) &&
		svc.Spec.HealthCheckNodePort == oldSvc.Spec.HealthCheckNodePort {
		svc.Spec.HealthCheckNodePort = 0
	}

	if oldSvc.Spec.Type == corev1.ServiceTypeLoadBalancer && svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
		if svc.Spec.AllocateLoadBalancerNodePorts != nil && oldSvc.Spec.AllocateLoadBalancerNodePorts != nil &&
			*svc.Spec.AllocateLoadBalancerNodePorts == *oldSvc.Spec.AllocateLoadBalancerNodePorts {
			svc.Spec.AllocateLoadBalancerNodePorts = nil
		}
		if reflect.DeepEqual(svc.Spec.LoadBalancerClass, oldSvc.Spec.LoadBalancerClass) {
			svc.Spec.LoadBalancerClass = nil
		}
	}

	if NeedsNodePort(oldSvc) && !NeedsNodePort(svc) && svc.Spec.ExternalTrafficPolicy == oldSvc.Spec.ExternalTrafficPolicy {
		svc.Spec.ExternalTrafficPolicy = ""
	}

	// Load-balancer de-provisioning is asynchronous, but clients are not shown that.
	if svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
		svc.Status.LoadBalancer = corev1.LoadBalancerStatus{}
	}
}

func needsClusterIP(svc *corev1.Service) bool {
	return svc.Spec.Type != corev1.ServiceTypeExternalName
}

// NeedsNodePort says whether the service's type exposes its ports on every node.
func NeedsNodePort(svc *corev1.Service) bool {
	return svc.Spec.Type == corev1.ServiceTypeNodePort || svc.Spec.Type == corev1.ServiceTypeLoadBalancer
}

// NeedsHealthCheckNodePort says whether the service needs a node port for load balancers to probe
// which nodes have local endpoints.
func NeedsHealthCheckNodePort(svc *corev1.Service) bool {
	return svc.Spec.Type == corev1.ServiceTypeLoadBalancer &&
		svc.Spec.ExternalTrafficPolicy == corev1.ServiceExternalTrafficPolicyLocal
}

func ipFamilyPolicy(svc *corev1.Service) corev1.IPFamilyPolicy {
	if svc.Spec.IPFamilyPolicy == nil {
		return ""
	}
	return *svc.Spec.IPFamilyPolicy
}

func nodePorts(svc *corev1.Service) sets.Set[int32] {
	ports := sets.New[int32]()
	for _, p := range svc.Spec.Ports {
		if p.NodePort != 0 {
			ports.Insert(p.NodePort)
		}
	}
	return ports
}

// warningsForService lists what upstream warns about on service writes.
func warningsForService(svc *corev1.Service) []string {
	var warnings []string
	if _, ok := svc.Annotations[corev1.DeprecatedAnnotationTopologyAwareHints]; ok {
		warnings = append(warnings, fmt.Sprintf("annotation %s is deprecated, please use %s instead",
			corev1.DeprecatedAnnotationTopologyAwareHints, corev1.AnnotationTopologyMode))
	}

	specPath := field.NewPath("spec")
	if svc.Spec.ClusterIP != "" && svc.Spec.ClusterIP != corev1.ClusterIPNone {
		for i, ip := range svc.Spec.ClusterIPs {
			warnings = append(warnings, utilvalidation.GetWarningsForIP(specPath.Child("clusterIPs").Index(i), ip)...)
		}
	}

	if svc.Spec.Type == corev1.ServiceTypeClusterIP && svc.Spec.ClusterIP == corev1.ClusterIPNone {
		if svc.Spec.LoadBalancerIP != "" {
			warnings = append(warnings, "spec.loadBalancerIP is ignored for headless services")
		}
		if len(svc.Spec.ExternalIPs) > 0 {
			warnings = append(warnings, "spec.externalIPs is ignored for headless services")
		}
		if svc.Spec.SessionAffinity != corev1.ServiceAffinityNone {
			warnings = append(warnings, "spec.SessionAffinity is ignored for headless services")
		}
	}

	for i, ip := range svc.Spec.ExternalIPs {
		warnings = append(warnings, utilvalidation.GetWarningsForIP(specPath.Child("externalIPs").Index(i), ip)...)
	}
	if svc.Spec.LoadBalancerIP != "" {
		warnings = append(warnings, utilvalidation.GetWarningsForIP(specPath.Child("loadBalancerIP"), svc.Spec.LoadBalancerIP)...)
	}
	for i, cidr := range svc.Spec.LoadBalancerSourceRanges {
		warnings = append(warnings, utilvalidation.GetWarningsForCIDR(specPath.Child("loadBalancerSourceRanges").Index(i), cidr)...)
	}

	if svc.Spec.Type == corev1.ServiceTypeExternalName && len(svc.Spec.ExternalIPs) > 0 {
		warnings = append(warnings, fmt.Sprintf("spec.externalIPs is ignored when spec.type is %q", corev1.ServiceTypeExternalName))
	}
	if svc.Spec.Type != corev1.ServiceTypeExternalName && svc.Spec.ExternalName != "" {
		warnings = append(warnings, fmt.Sprintf("spec.externalName is ignored when spec.type is not %q", corev1.ServiceTypeExternalName))
	}

	if svc.Spec.TrafficDistribution != nil && *svc.Spec.TrafficDistribution == corev1.ServiceTrafficDistributionPreferClose {
		warnings = append(warnings, fmt.Sprintf("spec.trafficDistribution: %q is deprecated; use %q",
			corev1.ServiceTrafficDistributionPreferClose, corev1.ServiceTrafficDistributionPreferSameZone))
	}
	return warnings
}
