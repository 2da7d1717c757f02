package bootstrappolicy

import (
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	legacyGroup                = ""
	admissionRegistrationGroup = "admissionregistration.k8s.io"
	appsGroup                  = "apps"
	authenticationGroup        = "authentication.k8s.io"
	authorizationGroup         = "authorization.k8s.io"
	autoscalingGroup           = "autoscaling"
	batchGroup                 = "batch"
	certificatesGroup          = "certificates.k8s.io"
	coordinationGroup          = "coordination.k8s.io"
	discoveryGroup             = "discovery.k8s.io"
	eventsGroup                = "events.k8s.io"
	extensionsGroup            = "extensions"
	networkingGroup            = "networking.k8s.io"
	nodeGroup                  = "node.k8s.io"
	policyGroup                = "policy"
	rbacGroup                  = rbacv1.GroupName
	resourceGroup              = "resource.k8s.io"
	storageGroup               = "storage.k8s.io"
)

func clusterRole(name string, labels []string, r ...*ruleBuilder) rbacv1.ClusterRole {
	return rbacv1.ClusterRole{ObjectMeta: defaultMeta(name, "", labels...), Rules: rules(r...)}
}

// aggregatedRole is a role whose rules the aggregation controller collects from the cluster roles
// carrying the label aggregateFrom.
func aggregatedRole(name, aggregateFrom string, labels ...string) rbacv1.ClusterRole {
	return rbacv1.ClusterRole{
		ObjectMeta: defaultMeta(name, "", labels...),
		AggregationRule: &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{
			{MatchLabels: map[string]string{aggregateFrom: "true"}},
		}},
	}
}

// ClusterRoles returns the default cluster roles.
func ClusterRoles() []rbacv1.ClusterRole {
	return []rbacv1.ClusterRole{
		clusterRole("cluster-admin", nil,
			newRule("*").groups("*").resources("*"),
			newRule("*").urls("*"),
		),
		// /version/ is listed beside /version because clients ask for both.
		clusterRole("system:discovery", nil,
			newRule("get").urls("/livez", "/readyz", "/healthz", "/version", "/version/", "/openapi", "/openapi/*", "/api", "/api/*", "/apis", "/apis/*"),
		),
		clusterRole("system:monitoring", nil,
			newRule("get").urls("/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz", "/livez/*", "/readyz/*", "/healthz/*"),
		),
		clusterRole("system:basic-user", nil,
			newRule("create").groups(authorizationGroup).resources("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
			newRule("create").groups(authenticationGroup).resources("selfsubjectreviews"),
		),
		clusterRole("system:public-info-viewer", nil,
			newRule("get").urls("/livez", "/readyz", "/healthz", "/version", "/version/"),
		),
		aggregatedRole("admin", aggregateToAdmin),
		aggregatedRole("edit", aggregateToEdit, aggregateToAdmin),
		aggregatedRole("view", aggregateToView, aggregateToEdit),
		clusterRole("system:aggregate-to-admin", []string{aggregateToAdmin},
			newRule("create").groups(authorizationGroup).resources("localsubjectaccessreviews"),
			newRule(readWrite...).groups(rbacGroup).resources("roles", "rolebindings"),
		),
		clusterRole("system:aggregate-to-edit", []string{aggregateToEdit}, aggregateToEditRules()...),
		clusterRole("system:aggregate-to-view", []string{aggregateToView}, aggregateToViewRules()...),
		clusterRole("system:heapster", nil,
			newRule(read...).groups(legacyGroup).resources("events", "pods", "nodes", "namespaces"),
			newRule(read...).groups(extensionsGroup).resources("deployments"),
		),
		clusterRole("system:node", nil, nodeRules()...),
		clusterRole("system:node-problem-detector", nil,
			newRule("get").groups(legacyGroup).resources("nodes"),
			newRule("patch").groups(legacyGroup).resources("nodes/status"),
			eventsRule(),
		),
		clusterRole("system:kubelet-api-admin", nil,
			newRule(read...).groups(legacyGroup).resources("nodes"),
			newRule("proxy").groups(legacyGroup).resources("nodes"),
			// With KubeletFineGrainedAuthz, on by default, kubelets check nodes/pods, nodes/healthz and
			// nodes/configz before nodes/proxy.
			newRule("*").groups(legacyGroup).resources("nodes/proxy", "nodes/metrics", "nodes/stats", "nodes/log", "nodes/pods", "nodes/healthz", "nodes/configz"),
		),
		clusterRole("system:node-bootstrapper", nil,
			newRule("create", "get", "list", "watch").groups(certificatesGroup).resources("certificatesigningrequests"),
		),
		clusterRole("system:auth-delegator", nil,
			newRule("create").groups(authenticationGroup).resources("tokenreviews"),
			newRule("create").groups(authorizationGroup).resources("subjectaccessreviews"),
		),
		clusterRole("system:kube-aggregator", nil,
			newRule(read...).groups(legacyGroup).resources("services", "endpoints"),
		),
		clusterRole("system:kube-controller-manager", nil, kubeControllerManagerRules()...),
		clusterRole("system:kube-dns", nil,
			newRule("list", "watch").groups(legacyGroup).resources("endpoints", "services"),
		),
		clusterRole("system:persistent-volume-provisioner", nil,
			newRule("get", "list", "watch", "create", "delete").groups(legacyGroup).resources("persistentvolumes"),
			newRule("get", "list", "watch", "update").groups(legacyGroup).resources("persistentvolumeclaims"),
			newRule(read...).groups(storageGroup).resources("storageclasses"),
			newRule("watch").groups(legacyGroup).resources("events"),
			eventsRule(),
		),
		clusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient", nil,
			newRule("create").groups(certificatesGroup).resources("certificatesigningrequests/nodeclient"),
		),
		clusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", nil,
			newRule("create").groups(certificatesGroup).resources("certificatesigningrequests/selfnodeclient"),
		),
		clusterRole("system:volume-scheduler", nil,
			newRule("get", "list", "watch", "update", "patch").groups(legacyGroup).resources("persistentvolumes"),
			newRule(read...).groups(storageGroup).resources("storageclasses"),
			newRule("get", "list", "watch", "update", "patch").groups(legacyGroup).resources("persistentvolumeclaims"),
		),
		signerApprover("kube-apiserver-client-approver", "kubernetes.io/kube-apiserver-client"),
		signerApprover("kube-apiserver-client-kubelet-approver", "kubernetes.io/kube-apiserver-client-kubelet"),
		signerApprover("kubelet-serving-approver", "kubernetes.io/kubelet-serving"),
		signerApprover("legacy-unknown-approver", "kubernetes.io/legacy-unknown"),
		clusterRole("system:service-account-issuer-discovery", nil,
			newRule("get").urls("/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"),
		),
		clusterRole("system:node-proxier", nil,
			newRule("list", "watch").groups(legacyGroup).resources("services", "endpoints"),
			newRule("get", "list", "watch").groups(legacyGroup).resources("nodes"),
			eventsRule(),
			newRule("list", "watch").groups(discoveryGroup).resources("endpointslices"),
		),
		clusterRole("system:kube-scheduler", nil, kubeSchedulerRules()...),
	}
}

func signerApprover(name, signer string) rbacv1.ClusterRole {
	return clusterRole("system:certificates.k8s.io:"+name, nil,
		newRule("approve").groups(certificatesGroup).resources("signers").names(signer))
}

func aggregateToEditRules() []*ruleBuilder {
	return []*ruleBuilder{
		// Reading secrets and the pod/service proxies is edit's, not view's: they can reveal credentials.
		newRule(read...).groups(legacyGroup).resources("pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"),
		newRule("impersonate").groups(legacyGroup).resources("serviceaccounts"),
		newRule(write...).groups(legacyGroup).resources("pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"),
		newRule("create").groups(legacyGroup).resources("pods/eviction"),
		newRule(write...).groups(legacyGroup).resources("replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
			"services", "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"),
		newRule("create").groups(legacyGroup).resources("serviceaccounts/token"),
		newRule(write...).groups(appsGroup).resources("statefulsets", "statefulsets/scale", "daemonsets",
			"deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale"),
		newRule(write...).groups(autoscalingGroup).resources("horizontalpodautoscalers"),
		newRule(write...).groups(batchGroup).resources("jobs", "cronjobs"),
		newRule(write...).groups(extensionsGroup).resources("daemonsets", "deployments", "deployments/scale", "deployments/rollback",
			"ingresses", "replicasets", "replicasets/scale", "replicationcontrollers/scale", "networkpolicies"),
		newRule(write...).groups(policyGroup).resources("poddisruptionbudgets"),
		newRule(write...).groups(networkingGroup).resources("ingresses", "networkpolicies"),
		newRule(readWrite...).groups(coordinationGroup).resources("leases"),
	}
}

func aggregateToViewRules() []*ruleBuilder {
	return []*ruleBuilder{
		newRule(read...).groups(legacyGroup).resources("pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
			"services", "services/status", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "configmaps"),
		newRule(read...).groups(legacyGroup).resources("limitranges", "resourcequotas", "bindings", "events",
			"pods/status", "resourcequotas/status", "namespaces/status", "replicationcontrollers/status", "pods/log"),
		// View may see namespaces, for discovery of what exists, but not secrets.
		newRule(read...).groups(legacyGroup).resources("namespaces"),
		newRule(read...).groups(discoveryGroup).resources("endpointslices"),
		newRule(read...).groups(appsGroup).resources("controllerrevisions", "statefulsets", "statefulsets/status", "statefulsets/scale",
			"daemonsets", "daemonsets/status", "deployments", "deployments/status", "deployments/scale", "replicasets",
			"replicasets/status", "replicasets/scale"),
		newRule(read...).groups(autoscalingGroup).resources("horizontalpodautoscalers", "horizontalpodautoscalers/status"),
		newRule(read...).groups(batchGroup).resources("jobs", "cronjobs", "cronjobs/status", "jobs/status"),
		newRule(read...).groups(extensionsGroup).resources("daemonsets", "daemonsets/status", "deployments", "deployments/scale",
			"deployments/status", "ingresses", "ingresses/status", "replicasets", "replicasets/scale", "replicasets/status",
			"replicationcontrollers/scale", "networkpolicies"),
		newRule(read...).groups(policyGroup).resources("poddisruptionbudgets", "poddisruptionbudgets/status"),
		newRule(read...).groups(networkingGroup).resources("ingresses", "ingresses/status", "networkpolicies"),
	}
}

// NodeRules are the rules of the system:node role, which the Node authorizer applies to every node
// for what its graph does not decide.
func NodeRules() []rbacv1.PolicyRule {
	return rules(nodeRules()...)
}

func nodeRules() []*ruleBuilder {
	return []*ruleBuilder{
		newRule("create").groups(authenticationGroup).resources("tokenreviews"),
		newRule("create").groups(authorizationGroup).resources("subjectaccessreviews", "localsubjectaccessreviews"),
		newRule(read...).groups(legacyGroup).resources("services"),
		newRule("create", "get", "list", "watch").groups(legacyGroup).resources("nodes"),
		newRule("update", "patch").groups(legacyGroup).resources("nodes/status"),
		newRule("update", "patch").groups(legacyGroup).resources("nodes"),
		newRule("create", "update", "patch").groups(legacyGroup).resources("events"),
		newRule(read...).groups(legacyGroup).resources("pods"),
		newRule("create", "delete").groups(legacyGroup).resources("pods"),
		newRule("update", "patch").groups(legacyGroup).resources("pods/status"),
		newRule("create").groups(legacyGroup).resources("pods/eviction"),
		newRule(read...).groups(legacyGroup).resources("secrets", "configmaps"),
		newRule("get").groups(legacyGroup).resources("persistentvolumeclaims", "persistentvolumes"),
		newRule("get").groups(legacyGroup).resources("endpoints"),
		newRule("create", "get", "list", "watch").groups(certificatesGroup).resources("certificatesigningrequests"),
		newRule("get", "create", "update", "patch", "delete").groups(coordinationGroup).resources("leases"),
		newRule("get").groups(storageGroup).resources("volumeattachments"),
		newRule("create").groups(legacyGroup).resources("serviceaccounts/token"),
		newRule("get", "update", "patch").groups(legacyGroup).resources("persistentvolumeclaims/status"),
		newRule(read...).groups(storageGroup).resources("csidrivers"),
		newRule("get", "create", "update", "patch", "delete").groups(storageGroup).resources("csinodes"),
		newRule(read...).groups(nodeGroup).resources("runtimeclasses"),
		// Dynamic resource allocation (GA): the kubelet prepares claimed devices and removes the
		// ResourceSlices of drivers that went away.
		newRule("get").groups(resourceGroup).resources("resourceclaims"),
		newRule("deletecollection").groups(resourceGroup).resources("resourceslices"),
	}
}

func kubeControllerManagerRules() []*ruleBuilder {
	return []*ruleBuilder{
		eventsRule(),
		// Leader election: any lease may be created, only its own updated.
		newRule("create").groups(coordinationGroup).resources("leases"),
		newRule("get", "update").groups(coordinationGroup).resources("leases").names("kube-controller-manager"),
		// It creates the service accounts and tokens the controllers then run as.
		newRule("create").groups(legacyGroup).resources("secrets", "serviceaccounts"),
		newRule("delete").groups(legacyGroup).resources("secrets"),
		newRule("get").groups(legacyGroup).resources("namespaces", "secrets", "serviceaccounts", "configmaps"),
		newRule("update").groups(legacyGroup).resources("secrets", "serviceaccounts"),
		newRule("create").groups(authenticationGroup).resources("tokenreviews"),
		newRule("create").groups(authorizationGroup).resources("subjectaccessreviews"),
		// Its shared informers watch everything.
		newRule("list", "watch").groups("*").resources("*"),
		newRule("create").groups(legacyGroup).resources("serviceaccounts/token"),
	}
}

func kubeSchedulerRules() []*ruleBuilder {
	readUpdate := append(append([]string{}, read...), "update", "patch")
	return []*ruleBuilder{
		eventsRule(),
		newRule("create").groups(coordinationGroup).resources("leases"),
		newRule("get", "list", "update", "watch").groups(coordinationGroup).resources("leases").names("kube-scheduler"),
		newRule(readWrite...).groups(coordinationGroup).resources("leasecandidates"),
		newRule(read...).groups(legacyGroup).resources("nodes"),
		newRule("get", "list", "watch", "delete").groups(legacyGroup).resources("pods"),
		newRule("create").groups(legacyGroup).resources("pods/binding", "bindings"),
		newRule("patch", "update").groups(legacyGroup).resources("pods/status"),
		newRule(read...).groups(legacyGroup).resources("replicationcontrollers", "services"),
		newRule(read...).groups(appsGroup, extensionsGroup).resources("replicasets"),
		newRule(read...).groups(appsGroup).resources("statefulsets"),
		newRule(read...).groups(policyGroup).resources("poddisruptionbudgets"),
		newRule(read...).groups(legacyGroup).resources("persistentvolumeclaims", "persistentvolumes"),
		newRule("create").groups(authenticationGroup).resources("tokenreviews"),
		newRule("create").groups(authorizationGroup).resources("subjectaccessreviews"),
		newRule(read...).groups(storageGroup).resources("csinodes"),
		newRule(read...).groups(storageGroup).resources("volumeattachments"),
		newRule(read...).groups(legacyGroup).resources("namespaces"),
		newRule(read...).groups(storageGroup).resources("csidrivers"),
		newRule(read...).groups(storageGroup).resources("csistoragecapacities"),
		// Dynamic resource allocation (GA): the scheduler allocates devices to claims.
		newRule(read...).groups(resourceGroup).resources("deviceclasses"),
		newRule(readUpdate...).groups(resourceGroup).resources("resourceclaims"),
		newRule(readUpdate...).groups(resourceGroup).resources("resourceclaims/status"),
		newRule(readUpdate...).groups(legacyGroup).resources("pods/finalizers"),
		newRule(read...).groups(resourceGroup).resources("resourceslices"),
		// DRAResourceClaimGranularStatusAuthorization (beta, on since v1.36): writing a claim's allocation
		// and reservedFor needs the synthetic binding subresource as well as the status.
		newRule("update", "patch").groups(resourceGroup).resources("resourceclaims/binding"),
	}
}
