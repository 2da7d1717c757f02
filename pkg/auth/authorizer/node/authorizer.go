package node

import (
	"context"
	"errors"
	"fmt"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/selection"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/auth/authorizer/rbac"
	"github.com/kapi-dev/kapi/pkg/auth/nodeidentity"
)

// nodeLeaseNamespace holds the nodes' heartbeat leases.
const nodeLeaseNamespace = "kube-node-lease"

var (
	secrets          = schema.GroupResource{Resource: "secrets"}
	configMaps       = schema.GroupResource{Resource: "configmaps"}
	pods             = schema.GroupResource{Resource: "pods"}
	nodes            = schema.GroupResource{Resource: "nodes"}
	claims           = schema.GroupResource{Resource: "persistentvolumeclaims"}
	volumes          = schema.GroupResource{Resource: "persistentvolumes"}
	serviceAccounts  = schema.GroupResource{Resource: "serviceaccounts"}
	resourceClaims   = schema.GroupResource{Group: "resource.k8s.io", Resource: "resourceclaims"}
	resourceSlices   = schema.GroupResource{Group: "resource.k8s.io", Resource: "resourceslices"}
	attachments      = schema.GroupResource{Group: "storage.k8s.io", Resource: "volumeattachments"}
	csiNodes         = schema.GroupResource{Group: "storage.k8s.io", Resource: "csinodes"}
	leases           = schema.GroupResource{Group: "coordination.k8s.io", Resource: "leases"}
	certRequests     = schema.GroupResource{Group: "certificates.k8s.io", Resource: "podcertificaterequests"}
	errNoRuleListing = errors.New("node authorizer does not support user rule resolution")
)

// Authorizer decides the requests of nodes; it has no opinion on anyone else's.
type Authorizer struct {
	graph *Graph
	rules []rbacv1.PolicyRule
}

var (
	_ authorizer.Authorizer   = (*Authorizer)(nil)
	_ authorizer.RuleResolver = (*Authorizer)(nil)
)

// New returns the authorizer answering from graph, and from rules for what the graph does not
// cover.
func New(graph *Graph, rules []rbacv1.PolicyRule) *Authorizer {
	return &Authorizer{graph: graph, rules: rules}
}

// Authorize decides a node's request as upstream does; a refusal is always a no-opinion, so that a
// later mode (RBAC) may still allow it, and its reason says why the node authorizer did not.
func (a *Authorizer) Authorize(_ context.Context, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	node, isNode := nodeidentity.Of(attrs.GetUser())
	if !isNode {
		return authorizer.DecisionNoOpinion, "", nil
	}
	if node == "" {
		return authorizer.DecisionNoOpinion, fmt.Sprintf("unknown node for user %q", attrs.GetUser().GetName()), nil
	}
	if attrs.IsResourceRequest() {
		switch (schema.GroupResource{Group: attrs.GetAPIGroup(), Resource: attrs.GetResource()}) {
		case secrets:
			return a.readNamespaced(node, Secret, attrs)
		case configMaps:
			return a.readNamespaced(node, ConfigMap, attrs)
		case claims:
			if attrs.GetSubresource() == "status" {
				return a.statusUpdate(node, PersistentVolumeClaim, attrs)
			}
			return a.get(node, PersistentVolumeClaim, attrs)
		case volumes:
			return a.get(node, PersistentVolume, attrs)
		case resourceClaims:
			return a.get(node, ResourceClaim, attrs)
		case attachments:
			return a.get(node, VolumeAttachment, attrs)
		case serviceAccounts:
			return a.serviceAccount(node, attrs)
		case leases:
			return ownNamed(node, attrs, "a node lease", "node lease", true)
		case csiNodes:
			return ownNamed(node, attrs, "a CSINode", "CSINode", false)
		case resourceSlices:
			return a.resourceSlice(node, attrs)
		case nodes:
			return ownNode(node, attrs)
		case pods:
			return a.pod(node, attrs)
		case certRequests:
			return a.podCertificateRequest(node, attrs)
		}
	}
	for i := range a.rules {
		if rbac.RuleAllows(attrs, &a.rules[i]) {
			return authorizer.DecisionAllow, "", nil
		}
	}
	return authorizer.DecisionNoOpinion, "", nil
}

// ConditionsAwareAuthorize returns Authorize's decision: the node authorizer has no conditions.
func (a *Authorizer) ConditionsAwareAuthorize(ctx context.Context, attrs authorizer.Attributes) authorizer.ConditionsAwareDecision {
	return authorizer.ConditionsAwareDecisionFromParts(a.Authorize(ctx, attrs))
}

// EvaluateConditions fails closed: Authorize never returns a conditional decision.
func (a *Authorizer) EvaluateConditions(context.Context, authorizer.ConditionsAwareDecision, authorizer.ConditionsData) (authorizer.Decision, string, error) {
	return authorizer.DecisionDeny, "", authorizer.ErrorConditionEvaluationNotSupported
}

// RulesFor cannot list a node's rules, which depend on the graph: for a node the list is incomplete,
// for anyone else it is empty.
func (a *Authorizer) RulesFor(_ context.Context, u user.Info, _ string) ([]authorizer.ResourceRuleInfo, []authorizer.NonResourceRuleInfo, bool, error) {
	if _, isNode := nodeidentity.Of(u); isNode {
		return nil, nil, true, errNoRuleListing
	}
	return nil, nil, false, nil
}

func noOpinion(reason string) (authorizer.Decision, string, error) {
	return authorizer.DecisionNoOpinion, reason, nil
}

func allow() (authorizer.Decision, string, error) {
	return authorizer.DecisionAllow, "", nil
}

// related allows a named object the graph relates to node.
func (a *Authorizer) related(node string, kind Kind, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	if attrs.GetName() == "" {
		return noOpinion("No Object name found")
	}
	if !a.graph.Related(node, kind, attrs.GetNamespace(), attrs.GetName()) {
		return noOpinion(fmt.Sprintf("no relationship found between node '%s' and this object", node))
	}
	return allow()
}

// readNamespaced allows reading, watching included, one related object; a list or watch names it
// through a metadata.name field selector.
func (a *Authorizer) readNamespaced(node string, kind Kind, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	switch attrs.GetVerb() {
	case "get", "list", "watch":
	default:
		return noOpinion("can only read resources of this type")
	}
	if attrs.GetSubresource() != "" {
		return noOpinion("cannot read subresource")
	}
	if attrs.GetNamespace() == "" {
		return noOpinion("can only read namespaced object of this type")
	}
	return a.related(node, kind, attrs)
}

func (a *Authorizer) get(node string, kind Kind, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	if attrs.GetVerb() != "get" {
		return noOpinion("can only get individual resources of this type")
	}
	if attrs.GetSubresource() != "" {
		return noOpinion("cannot get subresource")
	}
	return a.related(node, kind, attrs)
}

func (a *Authorizer) statusUpdate(node string, kind Kind, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	switch attrs.GetVerb() {
	case "update", "patch":
	default:
		return noOpinion("can only get/update/patch this type")
	}
	return a.related(node, kind, attrs)
}

// serviceAccount allows a token for the service account of a pod on node, and reading that
// account, whose annotations configure the kubelet's image credential providers.
func (a *Authorizer) serviceAccount(node string, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	if attrs.GetVerb() == "get" && attrs.GetSubresource() == "" {
		return a.readNamespaced(node, ServiceAccount, attrs)
	}
	if attrs.GetVerb() != "create" || attrs.GetName() == "" {
		return noOpinion("can only create tokens for individual service accounts")
	}
	if attrs.GetSubresource() != "token" {
		return noOpinion("can only create token subresource of serviceaccount")
	}
	return a.related(node, ServiceAccount, attrs)
}

// ownNamed allows the writes a kubelet makes to the object named after its node (its lease, its
// CSINode). A create carries no name yet: NodeRestriction checks it.
func ownNamed(node string, attrs authorizer.Attributes, article, noun string, leaseNamespace bool) (authorizer.Decision, string, error) {
	verb := attrs.GetVerb()
	switch verb {
	case "get", "create", "update", "patch", "delete":
	default:
		return noOpinion("can only get, create, update, patch, or delete " + article)
	}
	if leaseNamespace && attrs.GetNamespace() != nodeLeaseNamespace {
		return noOpinion(fmt.Sprintf("can only access leases in the %q system namespace", nodeLeaseNamespace))
	}
	if !leaseNamespace && attrs.GetSubresource() != "" {
		return noOpinion("cannot authorize CSINode subresources")
	}
	if verb != "create" && attrs.GetName() != node {
		return noOpinion(fmt.Sprintf("can only access %s with the same name as the requesting node", noun))
	}
	return allow()
}

func (a *Authorizer) resourceSlice(node string, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	if attrs.GetSubresource() != "" {
		return noOpinion("cannot authorize ResourceSlice subresources")
	}
	switch attrs.GetVerb() {
	case "create":
		// The object is not known yet: NodeRestriction checks its nodeName.
		return allow()
	case "get", "update", "patch", "delete":
		return a.related(node, ResourceSlice, attrs)
	case "watch", "list", "deletecollection":
		if selectsField(attrs, "spec.nodeName", node) {
			return allow()
		}
		return noOpinion("can only list/watch/deletecollection resourceslices with nodeName field selector")
	default:
		return noOpinion("only the following verbs are allowed for a ResourceSlice: get, watch, list, create, update, patch, delete, deletecollection")
	}
}

// ownNode allows a node to read its own Node and to write Nodes, which NodeRestriction narrows to
// its own.
func ownNode(node string, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	switch attrs.GetSubresource() {
	case "":
		switch attrs.GetVerb() {
		case "create", "update", "patch":
			return allow()
		case "get", "list", "watch":
			// The name, not the graph, so that a kubelet may look for its Node before creating it.
			switch attrs.GetName() {
			case node:
				return allow()
			case "":
				return noOpinion(fmt.Sprintf("node '%s' cannot read all nodes, only its own Node object", node))
			default:
				return noOpinion(fmt.Sprintf("node '%s' cannot read '%s', only its own Node object", node, attrs.GetName()))
			}
		}
	case "status":
		switch attrs.GetVerb() {
		case "update", "patch":
			return allow()
		}
	}
	return noOpinion("")
}

// pod allows reading the node's pods and the writes NodeRestriction then narrows to them: mirror pod
// creates, deletes, status updates and evictions.
func (a *Authorizer) pod(node string, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	switch attrs.GetSubresource() {
	case "":
		switch attrs.GetVerb() {
		case "get":
			return a.get(node, Pod, attrs)
		case "list", "watch":
			if selectsField(attrs, "spec.nodeName", node) {
				return allow()
			}
			if attrs.GetName() != "" {
				return a.related(node, Pod, attrs)
			}
			return noOpinion("can only list/watch pods with spec.nodeName field selector")
		case "create", "delete":
			return allow()
		}
	case "status":
		switch attrs.GetVerb() {
		case "update", "patch":
			return allow()
		}
	case "eviction":
		if attrs.GetVerb() == "create" {
			return allow()
		}
	}
	return noOpinion("")
}

// podCertificateRequest lets a node ask for certificates for its pods and read the requests
// made for them; NodeRestriction checks what a create names.
func (a *Authorizer) podCertificateRequest(node string, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	if attrs.GetSubresource() != "" {
		return noOpinion("nodes may not access the status subresource of PodCertificateRequests")
	}
	switch attrs.GetVerb() {
	case "create":
		return allow()
	case "get":
		return a.related(node, PodCertificateRequest, attrs)
	case "list", "watch":
		if selectsField(attrs, "spec.nodeName", node) {
			return allow()
		}
		return noOpinion("can only list/watch podcertificaterequests with nodeName field selector")
	}
	return noOpinion(fmt.Sprintf("nodes may not %s podcertificaterequests", attrs.GetVerb()))
}

// selectsField tells whether the request's field selector requires field to equal value.
func selectsField(attrs authorizer.Attributes, field, value string) bool {
	reqs, _ := attrs.GetFieldSelector()
	for _, r := range reqs {
		if r.Field == field && r.Operator == selection.Equals && r.Value == value {
			return true
		}
	}
	return false
}
