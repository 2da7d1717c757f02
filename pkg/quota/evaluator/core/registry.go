// Package core measures what pods, services, persistent volume claims and the legacy counted core
// objects use of a ResourceQuota, with kube-apiserver's resource names and scopes, for the
// ResourceQuota admission plugin and the resourcequota controller.
package core

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
	"k8s.io/utils/clock"
)

// legacyCounted are the resources whose object count quota also has a name without the count/
// prefix.
var legacyCounted = map[string]corev1.ResourceName{
	"configmaps":             corev1.ResourceConfigMaps,
	"resourcequotas":         corev1.ResourceQuotas,
	"replicationcontrollers": corev1.ResourceReplicationControllers,
	"secrets":                corev1.ResourceSecrets,
}

// NewEvaluators returns the evaluators of the core resources, which list the objects in use through
// f. Admission, which only measures the object at hand, may pass a nil f.
func NewEvaluators(f quota.ListerForResourceFunc) []quota.Evaluator {
	evaluators := []quota.Evaluator{
		NewPodEvaluator(f, clock.RealClock{}),
		NewServiceEvaluator(f),
		NewPersistentVolumeClaimEvaluator(f),
	}
	for resource, alias := range legacyCounted {
		gvr := corev1.SchemeGroupVersion.WithResource(resource)
		evaluators = append(evaluators, generic.NewObjectCountEvaluator(gvr.GroupResource(), generic.ListResourceUsingListerFunc(f, gvr), alias))
	}
	return evaluators
}

// count is a quantity of n objects.
func count(n int) resource.Quantity {
	return *resource.NewQuantity(int64(n), resource.DecimalSI)
}
