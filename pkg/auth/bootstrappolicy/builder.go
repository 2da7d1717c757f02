// Package bootstrappolicy is the RBAC policy every kapi starts with: kube-apiserver's default cluster
// roles (cluster-admin, admin, edit, view and their aggregated parts, system:basic-user,
// system:discovery, system:public-info-viewer, the node, scheduler, controller-manager and proxy roles,
// ...), the system:controller:* roles of kube-controller-manager's controllers, their cluster role
// bindings, and the roles and bindings in kube-system and kube-public. Every object carries upstream's
// kubernetes.io/bootstrapping=rbac-defaults label and the rbac.authorization.kubernetes.io/autoupdate=true
// annotation, so that reconciliation at start keeps it current unless an administrator opts out.
package bootstrappolicy

import (
	"sort"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	// AutoUpdateAnnotation set to "false" on a bootstrap object stops reconciliation from changing it.
	AutoUpdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate"
	bootstrappingLabel   = "kubernetes.io/bootstrapping"
	bootstrappingValue   = "rbac-defaults"

	aggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin"
	aggregateToEdit  = "rbac.authorization.k8s.io/aggregate-to-edit"
	aggregateToView  = "rbac.authorization.k8s.io/aggregate-to-view"
)

var (
	read      = []string{"get", "list", "watch"}
	write     = []string{"create", "update", "patch", "delete", "deletecollection"}
	readWrite = append(append([]string{}, read...), write...)
)

// ruleBuilder spells a PolicyRule the way the policy reads: verbs, then groups and resources, or URLs.
type ruleBuilder struct{ rule rbacv1.PolicyRule }

func newRule(verbs ...string) *ruleBuilder {
	return &ruleBuilder{rbacv1.PolicyRule{Verbs: verbs}}
}

func (b *ruleBuilder) groups(g ...string) *ruleBuilder {
	b.rule.APIGroups = append(b.rule.APIGroups, g...)
	return b
}

func (b *ruleBuilder) resources(r ...string) *ruleBuilder {
	b.rule.Resources = append(b.rule.Resources, r...)
	return b
}

func (b *ruleBuilder) names(n ...string) *ruleBuilder {
	b.rule.ResourceNames = append(b.rule.ResourceNames, n...)
	return b
}

func (b *ruleBuilder) urls(u ...string) *ruleBuilder {
	b.rule.NonResourceURLs = append(b.rule.NonResourceURLs, u...)
	return b
}

// build returns the rule with every list sorted, as upstream stores them.
func (b *ruleBuilder) build() rbacv1.PolicyRule {
	r := *b.rule.DeepCopy()
	for _, l := range [][]string{r.Verbs, r.APIGroups, r.Resources, r.ResourceNames, r.NonResourceURLs} {
		sort.Strings(l)
	}
	return r
}

func rules(builders ...*ruleBuilder) []rbacv1.PolicyRule {
	out := make([]rbacv1.PolicyRule, len(builders))
	for i, b := range builders {
		out[i] = b.build()
	}
	return out
}

// eventsRule lets a component record events in both event APIs.
func eventsRule() *ruleBuilder {
	return newRule("create", "update", "patch").groups(legacyGroup, eventsGroup).resources("events")
}

// defaultMeta labels and annotates a bootstrap object, adding extra labels.
func defaultMeta(name, namespace string, extraLabels ...string) metav1.ObjectMeta {
	labels := map[string]string{bootstrappingLabel: bootstrappingValue}
	for _, l := range extraLabels {
		labels[l] = "true"
	}
	return metav1.ObjectMeta{
		Name:        name,
		Namespace:   namespace,
		Labels:      labels,
		Annotations: map[string]string{AutoUpdateAnnotation: "true"},
	}
}

type subjects []rbacv1.Subject

func users(names ...string) subjects {
	var s subjects
	return s.users(names...)
}

func groups(names ...string) subjects {
	var s subjects
	return s.groups(names...)
}

func (s subjects) users(names ...string) subjects {
	for _, n := range names {
		s = append(s, rbacv1.Subject{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: n})
	}
	return s
}

func (s subjects) groups(names ...string) subjects {
	for _, n := range names {
		s = append(s, rbacv1.Subject{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: n})
	}
	return s
}

func (s subjects) serviceAccount(namespace, name string) subjects {
	return append(s, rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Namespace: namespace, Name: name})
}
