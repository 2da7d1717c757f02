package core

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
)

var servicesResource = corev1.SchemeGroupVersion.WithResource("services")

// serviceResources are the names a service's usage is measured in.
var serviceResources = []corev1.ResourceName{
	generic.ObjectCountQuotaResourceNameFor(servicesResource.GroupResource()),
	corev1.ResourceServices,
	corev1.ResourceServicesNodePorts,
	corev1.ResourceServicesLoadBalancers,
}

// serviceEvaluator measures services.
type serviceEvaluator struct {
	list generic.ListFuncByNamespace
}

// NewServiceEvaluator returns the evaluator of services, which lists them through f.
func NewServiceEvaluator(f quota.ListerForResourceFunc) quota.Evaluator {
	return &serviceEvaluator{list: generic.ListResourceUsingListerFunc(f, servicesResource)}
}

func (e *serviceEvaluator) Constraints([]corev1.ResourceName, runtime.Object) error { return nil }

func (e *serviceEvaluator) GroupResource() schema.GroupResource {
	return servicesResource.GroupResource()
}

// Handles tells that updates are charged too, since they may change a service's type.
func (e *serviceEvaluator) Handles(a admission.Attributes) bool {
	return a.GetOperation() == admission.Create || a.GetOperation() == admission.Update
}

func (e *serviceEvaluator) Matches(q *corev1.ResourceQuota, item runtime.Object) (bool, error) {
	return generic.Matches(q, item, e.MatchingResources, generic.MatchesNoScopeFunc)
}

func (e *serviceEvaluator) MatchingResources(input []corev1.ResourceName) []corev1.ResourceName {
	return quota.Intersection(input, serviceResources)
}

func (e *serviceEvaluator) MatchingScopes(runtime.Object, []corev1.ScopedResourceSelectorRequirement) ([]corev1.ScopedResourceSelectorRequirement, error) {
	return []corev1.ScopedResourceSelectorRequirement{}, nil
}

func (e *serviceEvaluator) UncoveredQuotaScopes(_, _ []corev1.ScopedResourceSelectorRequirement) ([]corev1.ScopedResourceSelectorRequirement, error) {
	return []corev1.ScopedResourceSelectorRequirement{}, nil
}

// Usage counts the service, and the node ports it asks for: every port of a NodePort service, and
// of a LoadBalancer one unless it declines node ports, when only the ports that name one count.
func (e *serviceEvaluator) Usage(item runtime.Object) (corev1.ResourceList, error) {
	svc, ok := item.(*corev1.Service)
	if !ok {
		return nil, fmt.Errorf("expect *v1.Service, got %T", item)
	}
	usage := corev1.ResourceList{
		serviceResources[0]:                  count(1),
		corev1.ResourceServices:              count(1),
		corev1.ResourceServicesNodePorts:     count(0),
		corev1.ResourceServicesLoadBalancers: count(0),
	}
	switch svc.Spec.Type {
	case corev1.ServiceTypeNodePort:
		usage[corev1.ResourceServicesNodePorts] = count(len(svc.Spec.Ports))
	case corev1.ServiceTypeLoadBalancer:
		usage[corev1.ResourceServicesLoadBalancers] = count(1)
		nodePorts := len(svc.Spec.Ports)
		if a := svc.Spec.AllocateLoadBalancerNodePorts; a != nil && !*a {
			nodePorts = 0
			for _, p := range svc.Spec.Ports {
				if p.NodePort != 0 {
					nodePorts++
				}
			}
		}
		usage[corev1.ResourceServicesNodePorts] = count(nodePorts)
	}
	return usage, nil
}

func (e *serviceEvaluator) UsageStats(options quota.UsageStatsOptions) (quota.UsageStats, error) {
	return generic.CalculateUsageStats(options, e.list, generic.MatchesNoScopeFunc, e.Usage)
}
