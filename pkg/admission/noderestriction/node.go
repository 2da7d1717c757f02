package noderestriction

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
)

// admitNode lets a node write only its own Node. It may register and keep only the labels a
// kubelet sets itself, and may change neither its taints nor its owners: either would let it steer
// workloads meant for other nodes to itself. A configSource would widen what the Node authorizer
// grants, so it may not set one either.
func admitNode(node string, a admission.Attributes) error {
	if a.GetName() != node {
		return forbidden(a, "node %q is not allowed to modify node %q", node, a.GetName())
	}
	switch a.GetOperation() {
	case admission.Create:
		obj, ok := a.GetObject().(*corev1.Node)
		if !ok {
			return unexpectedType(a, a.GetObject())
		}
		if obj.Spec.ConfigSource != nil {
			return forbidden(a, "node %q is not allowed to create pods with a non-nil configSource", node)
		}
		if bad := forbiddenLabels(modifiedLabels(obj.Labels, nil)); len(bad) > 0 {
			return forbidden(a, "node %q is not allowed to set the following labels: %s", node, strings.Join(bad, ", "))
		}
	case admission.Update:
		obj, ok := a.GetObject().(*corev1.Node)
		if !ok {
			return unexpectedType(a, a.GetObject())
		}
		old, ok := a.GetOldObject().(*corev1.Node)
		if !ok {
			return unexpectedType(a, a.GetObject())
		}
		// An old kubelet may drop the field in a status update: only a new, non-nil one is refused.
		if obj.Spec.ConfigSource != nil && !apiequality.Semantic.DeepEqual(obj.Spec.ConfigSource, old.Spec.ConfigSource) {
			return forbidden(a, "node %q is not allowed to update configSource to a new non-nil configSource", node)
		}
		if !apiequality.Semantic.DeepEqual(obj.Spec.Taints, old.Spec.Taints) {
			return forbidden(a, "node %q is not allowed to modify taints", node)
		}
		if !apiequality.Semantic.DeepEqual(obj.OwnerReferences, old.OwnerReferences) {
			return forbidden(a, "node %q is not allowed to modify ownerReferences", node)
		}
		if bad := forbiddenLabels(modifiedLabels(obj.Labels, old.Labels)); len(bad) > 0 {
			return forbidden(a, "is not allowed to modify labels: %s", strings.Join(bad, ", "))
		}
	}
	return nil
}

// modifiedLabels returns the keys whose presence or value differs between a and b.
func modifiedLabels(a, b map[string]string) sets.Set[string] {
	modified := sets.New[string]()
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			modified.Insert(k)
		}
	}
	for k, v := range b {
		if w, ok := a[k]; !ok || v != w {
			modified.Insert(k)
		}
	}
	return modified
}

// kubeletLabels are the kubernetes.io labels a kubelet sets on its own Node.
var kubeletLabels = sets.New(
	corev1.LabelHostname,
	corev1.LabelTopologyZone,
	corev1.LabelTopologyRegion,
	corev1.LabelFailureDomainBetaZone,
	corev1.LabelFailureDomainBetaRegion,
	corev1.LabelInstanceType,
	corev1.LabelInstanceTypeStable,
	corev1.LabelOSStable,
	corev1.LabelArchStable,
	"beta.kubernetes.io/os",
	"beta.kubernetes.io/arch",
)

// kubeletLabelDomains are the label domains, with their subdomains, left to kubelets.
var kubeletLabelDomains = []string{corev1.LabelNamespaceSuffixKubelet, corev1.LabelNamespaceSuffixNode}

// forbiddenLabels returns, sorted, the keys of modified a node may not set: the
// node-restriction.kubernetes.io domain, kept for the cluster's administrators, and every other
// kubernetes.io or k8s.io label that is not a kubelet's.
func forbiddenLabels(modified sets.Set[string]) []string {
	var bad []string
	for _, key := range sets.List(modified) {
		domain := labelDomain(key)
		if inDomain(domain, corev1.LabelNamespaceNodeRestriction) ||
			(inDomain(domain, "kubernetes.io") || inDomain(domain, "k8s.io")) && !isKubeletLabel(key, domain) {
			bad = append(bad, key)
		}
	}
	return bad
}

func isKubeletLabel(key, domain string) bool {
	if kubeletLabels.Has(key) {
		return true
	}
	for _, d := range kubeletLabelDomains {
		if inDomain(domain, d) {
			return true
		}
	}
	return false
}

// labelDomain returns the prefix of a label key, empty for an unprefixed key.
func labelDomain(key string) string {
	domain, _, found := strings.Cut(key, "/")
	if !found {
		return ""
	}
	return domain
}

// inDomain tells whether domain is parent or one of its subdomains.
func inDomain(domain, parent string) bool {
	return domain == parent || strings.HasSuffix(domain, "."+parent)
}
