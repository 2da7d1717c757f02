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

// DefaultOffPlugins returns every plugin name except enabledByDefault, for
// AdmissionOptions.DefaultOffPlugins.
func DefaultOffPlugins(enabledByDefault ...string) sets.Set[string] {
	return sets.New(AllOrderedPlugins...).Delete(enabledByDefault...)
}
