// Package catalog knows every admission plugin name kube-apiserver v1.37 accepts, in its order, so
// that kapi accepts the same --enable-admission-plugins and --disable-admission-plugins values.
// Plugins kapi does not implement may be disabled, but enabling one fails at start instead of
// silently admitting what the plugin would have refused or changed.
package catalog

import (
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
)

// AllOrderedPlugins are kube-apiserver's plugin names in the order it runs them: mutating webhooks,
// policies, quota and AlwaysDeny last.
var AllOrderedPlugins = []string{
	"AlwaysAdmit",
	"NamespaceAutoProvision",
	"NamespaceLifecycle",
	"NamespaceExists",
	"LimitPodHardAntiAffinityTopology",
	"LimitRanger",
	"ServiceAccount",
	"NodeRestriction",
	"TaintNodesByCondition",
	"AlwaysPullImages",
	"ImagePolicyWebhook",
	"PodSecurity",
	"PodNodeSelector",
	"Priority",
	"DefaultTolerationSeconds",
	"PodTolerationRestriction",
	"EventRateLimit",
	"ExtendedResourceToleration",
	"DefaultStorageClass",
	"StorageObjectInUseProtection",
	"PodGroupProtection",
	"OwnerReferencesPermissionEnforcement",
	"PersistentVolumeClaimResize",
	"RuntimeClass",
	"CertificateApproval",
	"CertificateSigning",
	"ClusterTrustBundleAttest",
	"CertificateSubjectRestriction",
	"DefaultIngressClass",
	"DenyServiceExternalIPs",
	"PodTopologyLabels",
	"PodGroupWorkloadExists",
	"NodeDeclaredFeatureValidator",
	"JobValidation",
	"PodResizeValidator",
	"MutatingAdmissionPolicy",
	"MutatingAdmissionWebhook",
	"ValidatingAdmissionPolicy",
	"ValidatingAdmissionWebhook",
	"ResourceQuota",
	"AlwaysDeny",
}

// RegisterUnimplemented registers every name of AllOrderedPlugins that plugins does not have yet, with
// a factory that refuses to build the plugin.
func RegisterUnimplemented(plugins *admission.Plugins) {
	registered := sets.New(plugins.Registered()...)
	for _, name := range AllOrderedPlugins {
		if registered.Has(name) {
			continue
		}
		plugins.Register(name, func(io.Reader) (admission.Interface, error) {
			return nil, fmt.Errorf("admission plugin %q is not implemented by kapi; remove it from --enable-admission-plugins", name)
		})
	}
}

// DefaultOnPlugins are the plugins kube-apiserver v1.37 runs when no flag says otherwise.
var DefaultOnPlugins = []string{
	"NamespaceLifecycle",
	"LimitRanger",
	"ServiceAccount",
	"TaintNodesByCondition",
	"PodSecurity",
	"Priority",
	"DefaultTolerationSeconds",
	"DefaultStorageClass",
	"StorageObjectInUseProtection",
	"PodGroupProtection",
	"PersistentVolumeClaimResize",
	"RuntimeClass",
	"CertificateApproval",
	"CertificateSigning",
	"ClusterTrustBundleAttest",
	"CertificateSubjectRestriction",
	"DefaultIngressClass",
	"PodTopologyLabels",
	"NodeDeclaredFeatureValidator",
	"PodResizeValidator",
	"MutatingAdmissionPolicy",
	"MutatingAdmissionWebhook",
	"ValidatingAdmissionPolicy",
	"ValidatingAdmissionWebhook",
	"ResourceQuota",
}

// DefaultOffPlugins returns, for AdmissionOptions.DefaultOffPlugins, every plugin name except those of
// DefaultOnPlugins that plugins implements: the ones kapi does not implement yet stay off unless
// named, since enabling them fails.
func DefaultOffPlugins(plugins *admission.Plugins) sets.Set[string] {
	off := sets.New(AllOrderedPlugins...)
	implemented := sets.New(plugins.Registered()...)
	for _, name := range DefaultOnPlugins {
		if implemented.Has(name) {
			off.Delete(name)
		}
	}
	return off
}
