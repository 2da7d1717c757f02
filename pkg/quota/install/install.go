// Package install assembles kapi's quota configuration: the core evaluators and the resources quota
// never charges, as kube-apiserver and kube-controller-manager configure them.
package install

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"

	"github.com/kapi-dev/kapi/pkg/quota/evaluator/core"
)

// ignoredResources are never charged: the review and binding requests, which are not stored, and
// events, which never were.
var ignoredResources = map[schema.GroupResource]struct{}{
	{Resource: "bindings"}:                                                 {},
	{Resource: "componentstatuses"}:                                        {},
	{Resource: "events"}:                                                   {},
	{Group: "events.k8s.io", Resource: "events"}:                           {},
	{Group: "authentication.k8s.io", Resource: "tokenreviews"}:             {},
	{Group: "authentication.k8s.io", Resource: "selfsubjectreviews"}:       {},
	{Group: "authorization.k8s.io", Resource: "subjectaccessreviews"}:      {},
	{Group: "authorization.k8s.io", Resource: "selfsubjectaccessreviews"}:  {},
	{Group: "authorization.k8s.io", Resource: "localsubjectaccessreviews"}: {},
	{Group: "authorization.k8s.io", Resource: "selfsubjectrulesreviews"}:   {},
}

// IgnoredResources returns the resources quota never charges.
func IgnoredResources() map[schema.GroupResource]struct{} { return ignoredResources }

// NewConfigurationForAdmission returns the configuration of the ResourceQuota admission plugin,
// which measures only the object of a request and lists nothing.
func NewConfigurationForAdmission() quota.Configuration {
	return generic.NewConfiguration(core.NewEvaluators(nil), ignoredResources)
}

// NewConfigurationForControllers returns the configuration of the resourcequota controller, whose
// evaluators list what is in use through f.
func NewConfigurationForControllers(f quota.ListerForResourceFunc) quota.Configuration {
	return generic.NewConfiguration(core.NewEvaluators(f), ignoredResources)
}
