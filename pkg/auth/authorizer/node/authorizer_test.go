package node

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/auth/bootstrappolicy"
)

func TestAuthorize(t *testing.T) {
	g := NewGraph()
	g.SetPod(boundPodOn("n1", "web", corev1.PodSpec{
		ServiceAccountName: "sa",
		Volumes: []corev1.Volume{
			{Name: "s", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "mine"}}},
			{Name: "c", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "pvc"}}},
		},
	}))
	g.SetResourceSlice("slice", "n1")
	g.SetPodCertificateRequest("ns", "pcr", "n1")
	a := New(g, bootstrappolicy.NodeRules())

	n1 := &user.DefaultInfo{Name: "system:node:n1", Groups: []string{user.NodesGroup, user.AllAuthenticated}}
	res := func(verb, group, resource, subresource, namespace, name string) authorizer.AttributesRecord {
		return authorizer.AttributesRecord{User: n1, Verb: verb, APIGroup: group, Resource: resource, Subresource: subresource,
			Namespace: namespace, Name: name, ResourceRequest: true}
	}
	withSelector := func(r authorizer.AttributesRecord, selector string) authorizer.AttributesRecord {
		s := fields.ParseSelectorOrDie(selector)
		r.FieldSelectorRequirements = s.Requirements()
		return r
	}
	const unrelated = "no relationship found between node 'n1' and this object"
	allow, none := authorizer.DecisionAllow, authorizer.DecisionNoOpinion
	for _, tc := range []struct {
		name   string
		attrs  authorizer.AttributesRecord
		want   authorizer.Decision
		reason string
	}{
		{"not a node", authorizer.AttributesRecord{User: &user.DefaultInfo{Name: "alice"}, Verb: "get", Resource: "secrets", Namespace: "ns", Name: "mine", ResourceRequest: true}, none, ""},
		{"a node without a name", authorizer.AttributesRecord{User: &user.DefaultInfo{Name: "system:node:", Groups: []string{user.NodesGroup}}, Verb: "get", Resource: "nodes", ResourceRequest: true}, none, `unknown node for user "system:node:"`},
		{"its pod's secret", res("get", "", "secrets", "", "ns", "mine"), allow, ""},
		{"watching its pod's secret by name", res("watch", "", "secrets", "", "ns", "mine"), allow, ""},
		{"another secret", res("get", "", "secrets", "", "ns", "other"), none, unrelated},
		{"listing secrets", res("list", "", "secrets", "", "ns", ""), none, "No Object name found"},
		{"writing a secret", res("update", "", "secrets", "", "ns", "mine"), none, "can only read resources of this type"},
		{"its pod's claim", res("get", "", "persistentvolumeclaims", "", "ns", "pvc"), allow, ""},
		{"its pod's claim status", res("patch", "", "persistentvolumeclaims", "status", "ns", "pvc"), allow, ""},
		{"listing claims", res("list", "", "persistentvolumeclaims", "", "ns", "pvc"), none, "can only get individual resources of this type"},
		{"a token for its pod's service account", res("create", "", "serviceaccounts", "token", "ns", "sa"), allow, ""},
		{"a token for another service account", res("create", "", "serviceaccounts", "token", "ns", "default"), none, unrelated},
		{"reading its pod's service account", res("get", "", "serviceaccounts", "", "ns", "sa"), allow, ""},
		{"reading another service account", res("get", "", "serviceaccounts", "", "ns", "default"), none, unrelated},
		{"listing service accounts", res("list", "", "serviceaccounts", "", "ns", ""), none, "can only create tokens for individual service accounts"},
		{"its lease", res("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "n1"), allow, ""},
		{"creating a lease", res("create", "coordination.k8s.io", "leases", "", "kube-node-lease", ""), allow, ""},
		{"another node's lease", res("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "n2"), none, "can only access node lease with the same name as the requesting node"},
		{"a lease elsewhere", res("get", "coordination.k8s.io", "leases", "", "kube-system", "n1"), none, `can only access leases in the "kube-node-lease" system namespace`},
		{"its CSINode", res("patch", "storage.k8s.io", "csinodes", "", "", "n1"), allow, ""},
		{"another CSINode", res("get", "storage.k8s.io", "csinodes", "", "", "n2"), none, "can only access CSINode with the same name as the requesting node"},
		{"its resource slice", res("update", "resource.k8s.io", "resourceslices", "", "", "slice"), allow, ""},
		{"its resource slices by selector", withSelector(res("list", "resource.k8s.io", "resourceslices", "", "", ""), "spec.nodeName=n1"), allow, ""},
		{"all resource slices", res("list", "resource.k8s.io", "resourceslices", "", "", ""), none, "can only list/watch/deletecollection resourceslices with nodeName field selector"},
		{"its Node", res("get", "", "nodes", "", "", "n1"), allow, ""},
		{"another Node", res("get", "", "nodes", "", "", "n2"), none, "node 'n1' cannot read 'n2', only its own Node object"},
		{"all Nodes", res("list", "", "nodes", "", "", ""), none, "node 'n1' cannot read all nodes, only its own Node object"},
		{"updating a Node status", res("patch", "", "nodes", "status", "", "n2"), allow, ""},
		{"deleting a Node", res("delete", "", "nodes", "", "", "n1"), none, ""},
		{"its pod", res("get", "", "pods", "", "ns", "web"), allow, ""},
		{"another pod", res("get", "", "pods", "", "ns", "db"), none, unrelated},
		{"its pods by selector", withSelector(res("watch", "", "pods", "", "", ""), "spec.nodeName=n1"), allow, ""},
		{"another node's pods by selector", withSelector(res("list", "", "pods", "", "", ""), "spec.nodeName=n2"), none, "can only list/watch pods with spec.nodeName field selector"},
		{"creating a pod", res("create", "", "pods", "", "ns", ""), allow, ""},
		{"updating a pod", res("update", "", "pods", "", "ns", "web"), none, ""},
		{"evicting a pod", res("create", "", "pods", "eviction", "ns", "web"), allow, ""},
		{"creating a pod certificate request", res("create", "certificates.k8s.io", "podcertificaterequests", "", "ns", ""), allow, ""},
		{"its pod certificate request", res("get", "certificates.k8s.io", "podcertificaterequests", "", "ns", "pcr"), allow, ""},
		{"another pod certificate request", res("get", "certificates.k8s.io", "podcertificaterequests", "", "ns", "other"), none, unrelated},
		{"its pod certificate requests by selector", withSelector(res("watch", "certificates.k8s.io", "podcertificaterequests", "", "", ""), "spec.nodeName=n1"), allow, ""},
		{"all pod certificate requests", res("list", "certificates.k8s.io", "podcertificaterequests", "", "", ""), none, "can only list/watch podcertificaterequests with nodeName field selector"},
		{"a pod certificate request's status", res("update", "certificates.k8s.io", "podcertificaterequests", "status", "ns", "pcr"), none, "nodes may not access the status subresource of PodCertificateRequests"},
		{"deleting a pod certificate request", res("delete", "certificates.k8s.io", "podcertificaterequests", "", "ns", "pcr"), none, "nodes may not delete podcertificaterequests"},
		{"static rules: services", res("list", "", "services", "", "", ""), allow, ""},
		{"static rules: events", res("create", "", "events", "", "ns", ""), allow, ""},
		{"static rules: nothing for deployments", res("get", "apps", "deployments", "", "ns", "d"), none, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, reason, err := a.Authorize(context.Background(), tc.attrs)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || reason != tc.reason {
				t.Errorf("Authorize() = %v %q, want %v %q", got, reason, tc.want, tc.reason)
			}
		})
	}
}

func TestRulesFor(t *testing.T) {
	a := New(NewGraph(), nil)
	if _, _, incomplete, err := a.RulesFor(context.Background(), &user.DefaultInfo{Name: "system:node:n1", Groups: []string{user.NodesGroup}}, "ns"); !incomplete || err == nil {
		t.Errorf("a node's rules: incomplete %v, err %v; want incomplete with an error", incomplete, err)
	}
	if rules, _, incomplete, err := a.RulesFor(context.Background(), &user.DefaultInfo{Name: "alice"}, "ns"); len(rules) > 0 || incomplete || err != nil {
		t.Errorf("a user's rules: %v, incomplete %v, err %v; want none", rules, incomplete, err)
	}
}
