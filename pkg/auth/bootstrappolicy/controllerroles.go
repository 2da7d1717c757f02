package bootstrappolicy

import (
	rbacv1 "k8s.io/api/rbac/v1"
)

// controllerRolePrefix names the role of each kube-controller-manager controller; the rest of the
// name is the service account the controller runs as in kube-system.
const controllerRolePrefix = "system:controller:"

const (
	metricsGroup          = "metrics.k8s.io"
	customMetricsGroup    = "custom.metrics.k8s.io"
	externalMetricsGroup  = "external.metrics.k8s.io"
	legacyTokenTrackingCM = "kube-apiserver-legacy-service-account-token-tracking"
)

type controllerRole struct {
	name  string
	rules []*ruleBuilder
}

// controllerRoles lists the controllers in kube-controller-manager's order, with the feature gates of
// v1.37 at their defaults: alpha-only controllers (storage version migration and garbage collection,
// the ClusterTrustBundle publisher, the PodCertificateRequest cleaner) have no role.
func controllerRoles() []controllerRole {
	return []controllerRole{
		{"attachdetach-controller", []*ruleBuilder{
			newRule("list", "watch").groups(legacyGroup).resources("persistentvolumes", "persistentvolumeclaims"),
			newRule(read...).groups(legacyGroup).resources("nodes"),
			newRule("patch", "update").groups(legacyGroup).resources("nodes/status"),
			newRule("list", "watch").groups(legacyGroup).resources("pods"),
			eventsRule(),
			newRule("get", "create", "delete", "list", "watch").groups(storageGroup).resources("volumeattachments"),
			newRule(read...).groups(storageGroup).resources("csidrivers"),
			newRule(read...).groups(storageGroup).resources("csinodes"),
		}},
		// The aggregation controller rewrites any cluster role's rules, so it may escalate.
		{"clusterrole-aggregation-controller", []*ruleBuilder{
			newRule("escalate", "get", "list", "watch", "update", "patch").groups(rbacGroup).resources("clusterroles"),
		}},
		{"cronjob-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update").groups(batchGroup).resources("cronjobs"),
			newRule("get", "list", "watch", "create", "update", "delete", "patch").groups(batchGroup).resources("jobs"),
			newRule("update").groups(batchGroup).resources("cronjobs/status"),
			newRule("update").groups(batchGroup).resources("cronjobs/finalizers"),
			newRule("list", "watch", "delete").groups(legacyGroup).resources("pods"),
			eventsRule(),
		}},
		{"daemon-set-controller", []*ruleBuilder{
			newRule(read...).groups(extensionsGroup, appsGroup).resources("daemonsets"),
			newRule("update").groups(extensionsGroup, appsGroup).resources("daemonsets/status"),
			newRule("update").groups(extensionsGroup, appsGroup).resources("daemonsets/finalizers"),
			newRule("list", "watch").groups(legacyGroup).resources("nodes"),
			newRule("list", "watch", "create", "delete", "patch").groups(legacyGroup).resources("pods"),
			newRule("create").groups(legacyGroup).resources("pods/binding"),
			newRule("get", "list", "watch", "create", "delete", "update", "patch").groups(appsGroup).resources("controllerrevisions"),
			eventsRule(),
		}},
		{"deployment-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update").groups(extensionsGroup, appsGroup).resources("deployments"),
			newRule("update").groups(extensionsGroup, appsGroup).resources("deployments/status"),
			newRule("update").groups(extensionsGroup, appsGroup).resources("deployments/finalizers"),
			newRule("get", "list", "watch", "create", "update", "patch", "delete").groups(appsGroup, extensionsGroup).resources("replicasets"),
			newRule("get", "list", "watch", "update").groups(legacyGroup).resources("pods"),
			eventsRule(),
		}},
		{"disruption-controller", []*ruleBuilder{
			newRule(read...).groups(extensionsGroup, appsGroup).resources("deployments"),
			newRule(read...).groups(appsGroup, extensionsGroup).resources("replicasets"),
			newRule(read...).groups(legacyGroup).resources("replicationcontrollers"),
			newRule(read...).groups(policyGroup).resources("poddisruptionbudgets"),
			newRule(read...).groups(appsGroup).resources("statefulsets"),
			newRule("update").groups(policyGroup).resources("poddisruptionbudgets/status"),
			newRule("patch", "update").groups(legacyGroup).resources("pods/status"),
			// Any workload with a scale subresource may own pods under a budget.
			newRule("get").groups("*").resources("*/scale"),
			eventsRule(),
		}},
		{"endpoint-controller", []*ruleBuilder{
			newRule(read...).groups(legacyGroup).resources("services", "pods"),
			newRule("get", "list", "watch", "create", "update", "delete").groups(legacyGroup).resources("endpoints"),
			newRule("create").groups(legacyGroup).resources("endpoints/restricted"),
			eventsRule(),
		}},
		// Both EndpointSlice controllers set blockOwnerDeletion on the slices they own, which needs
		// update on the owner's finalizers.
		{"endpointslice-controller", []*ruleBuilder{
			newRule(read...).groups(legacyGroup).resources("services", "pods", "nodes"),
			newRule("update").groups(legacyGroup).resources("services/finalizers"),
			newRule("get", "list", "watch", "create", "update", "delete").groups(discoveryGroup).resources("endpointslices"),
			eventsRule(),
		}},
		{"endpointslicemirroring-controller", []*ruleBuilder{
			newRule(read...).groups(legacyGroup).resources("services", "endpoints"),
			newRule("update").groups(legacyGroup).resources("services/finalizers"),
			newRule("update").groups(legacyGroup).resources("endpoints/finalizers"),
			newRule("get", "list", "watch", "create", "update", "delete").groups(discoveryGroup).resources("endpointslices"),
			eventsRule(),
		}},
		{"expand-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update", "patch").groups(legacyGroup).resources("persistentvolumes"),
			newRule("update", "patch").groups(legacyGroup).resources("persistentvolumeclaims/status"),
			newRule(read...).groups(legacyGroup).resources("persistentvolumeclaims"),
			eventsRule(),
		}},
		{"ephemeral-volume-controller", []*ruleBuilder{
			newRule(read...).groups(legacyGroup).resources("pods"),
			newRule("update").groups(legacyGroup).resources("pods/finalizers"),
			newRule("get", "list", "watch", "create").groups(legacyGroup).resources("persistentvolumeclaims"),
			eventsRule(),
		}},
		{"resource-claim-controller", []*ruleBuilder{
			newRule(read...).groups(legacyGroup).resources("pods"),
			newRule("update").groups(legacyGroup).resources("pods/finalizers"),
			newRule("get", "list", "watch", "create", "delete").groups(resourceGroup).resources("resourceclaims"),
			newRule("update", "patch").groups(resourceGroup).resources("resourceclaims", "resourceclaims/status"),
			newRule("update", "patch").groups(legacyGroup).resources("pods/status"),
			eventsRule(),
			newRule("update", "patch").groups(resourceGroup).resources("resourceclaims/binding"),
		}},
		// Evicts pods whose devices got a NoExecute taint (DRADeviceTaints, beta).
		{"device-taint-eviction-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "delete").groups(legacyGroup).resources("pods"),
			newRule("update", "patch").groups(legacyGroup).resources("pods/status"),
			newRule(read...).groups(resourceGroup).resources("resourceclaims"),
			newRule(read...).groups(resourceGroup).resources("resourceslices"),
			newRule(read...).groups(resourceGroup).resources("deviceclasses"),
			eventsRule(),
		}},
		// The garbage collector follows owner references across every resource.
		{"generic-garbage-collector", []*ruleBuilder{
			newRule("get", "list", "watch", "patch", "update", "delete").groups("*").resources("*"),
			eventsRule(),
		}},
		{"horizontal-pod-autoscaler", []*ruleBuilder{
			newRule(read...).groups(autoscalingGroup).resources("horizontalpodautoscalers"),
			newRule("update").groups(autoscalingGroup).resources("horizontalpodautoscalers/status"),
			newRule("get", "update").groups("*").resources("*/scale"),
			newRule("list", "watch").groups(legacyGroup).resources("pods"),
			newRule("list", "watch").groups(metricsGroup).resources("pods"),
			newRule(read...).groups(customMetricsGroup).resources("*"),
			newRule(read...).groups(externalMetricsGroup).resources("*"),
			eventsRule(),
		}},
		{"job-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update", "patch").groups(batchGroup).resources("jobs"),
			newRule("update").groups(batchGroup).resources("jobs/status"),
			newRule("update").groups(batchGroup).resources("jobs/finalizers"),
			newRule("list", "watch", "create", "delete", "patch").groups(legacyGroup).resources("pods"),
			eventsRule(),
		}},
		// Namespace deletion empties every namespaced resource.
		{"namespace-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "delete").groups(legacyGroup).resources("namespaces"),
			newRule("update").groups(legacyGroup).resources("namespaces/finalize", "namespaces/status"),
			newRule("get", "list", "watch", "delete", "deletecollection").groups("*").resources("*"),
		}},
		{"node-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update", "delete", "patch").groups(legacyGroup).resources("nodes"),
			newRule("patch", "update").groups(legacyGroup).resources("nodes/status"),
			newRule("patch", "update").groups(legacyGroup).resources("pods/status"),
			newRule("list", "watch", "get", "delete").groups(legacyGroup).resources("pods"),
			eventsRule(),
		}},
		{"persistent-volume-binder", []*ruleBuilder{
			newRule("get", "list", "watch", "update", "create", "delete").groups(legacyGroup).resources("persistentvolumes"),
			newRule("update").groups(legacyGroup).resources("persistentvolumes/status"),
			newRule("get", "list", "watch", "update").groups(legacyGroup).resources("persistentvolumeclaims"),
			newRule("update").groups(legacyGroup).resources("persistentvolumeclaims/status"),
			newRule("list", "watch", "get", "create", "delete").groups(legacyGroup).resources("pods"),
			newRule(read...).groups(storageGroup).resources("storageclasses"),
			newRule("list", "watch").groups(legacyGroup).resources("nodes"),
			eventsRule(),
			// The recycler watches its pod's events.
			newRule("watch").groups(legacyGroup).resources("events"),
		}},
		{"pod-garbage-collector", []*ruleBuilder{
			newRule("list", "watch", "delete").groups(legacyGroup).resources("pods"),
			newRule(read...).groups(legacyGroup).resources("nodes"),
			newRule("patch").groups(legacyGroup).resources("pods/status"),
		}},
		{"replicaset-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update").groups(appsGroup, extensionsGroup).resources("replicasets"),
			newRule("update").groups(appsGroup, extensionsGroup).resources("replicasets/status"),
			newRule("update").groups(appsGroup, extensionsGroup).resources("replicasets/finalizers"),
			newRule("list", "watch", "patch", "create", "delete").groups(legacyGroup).resources("pods"),
			eventsRule(),
		}},
		{"replication-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update").groups(legacyGroup).resources("replicationcontrollers"),
			newRule("update").groups(legacyGroup).resources("replicationcontrollers/status"),
			newRule("update").groups(legacyGroup).resources("replicationcontrollers/finalizers"),
			newRule("list", "watch", "patch", "create", "delete").groups(legacyGroup).resources("pods"),
			eventsRule(),
		}},
		// Quota may count any resource.
		{"resourcequota-controller", []*ruleBuilder{
			newRule("list", "watch").groups("*").resources("*"),
			newRule("update").groups(legacyGroup).resources("resourcequotas/status"),
			eventsRule(),
		}},
		{"route-controller", []*ruleBuilder{
			newRule("list", "watch").groups(legacyGroup).resources("nodes"),
			newRule("patch").groups(legacyGroup).resources("nodes/status"),
			eventsRule(),
		}},
		{"service-account-controller", []*ruleBuilder{
			newRule("create").groups(legacyGroup).resources("serviceaccounts"),
			eventsRule(),
		}},
		{"service-controller", []*ruleBuilder{
			newRule(read...).groups(legacyGroup).resources("services"),
			newRule("patch", "update").groups(legacyGroup).resources("services/status"),
			newRule("list", "watch").groups(legacyGroup).resources("nodes"),
			eventsRule(),
		}},
		{"service-cidrs-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "patch", "update").groups(networkingGroup).resources("servicecidrs"),
			newRule("patch", "update").groups(networkingGroup).resources("servicecidrs/finalizers"),
			newRule("patch", "update").groups(networkingGroup).resources("servicecidrs/status"),
			newRule(read...).groups(networkingGroup).resources("ipaddresses"),
			eventsRule(),
		}},
		{"statefulset-controller", []*ruleBuilder{
			newRule("list", "watch").groups(legacyGroup).resources("pods"),
			newRule(read...).groups(appsGroup).resources("statefulsets"),
			newRule("update").groups(appsGroup).resources("statefulsets/status"),
			newRule("update").groups(appsGroup).resources("statefulsets/finalizers"),
			newRule("get", "create", "delete", "update", "patch").groups(legacyGroup).resources("pods"),
			newRule("get", "create", "delete", "update", "patch", "list", "watch").groups(appsGroup).resources("controllerrevisions"),
			newRule("get", "create", "list", "watch").groups(legacyGroup).resources("persistentvolumeclaims"),
			newRule("update", "delete").groups(legacyGroup).resources("persistentvolumeclaims"),
			newRule("update").groups(legacyGroup).resources("pods/finalizers"),
			eventsRule(),
		}},
		{"ttl-controller", []*ruleBuilder{
			newRule("update", "patch", "list", "watch").groups(legacyGroup).resources("nodes"),
			eventsRule(),
		}},
		{"certificate-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "delete").groups(certificatesGroup).resources("certificatesigningrequests"),
			newRule("update").groups(certificatesGroup).resources("certificatesigningrequests/status", "certificatesigningrequests/approval"),
			newRule("approve").groups(certificatesGroup).resources("signers").names("kubernetes.io/kube-apiserver-client-kubelet"),
			newRule("sign").groups(certificatesGroup).resources("signers").names(
				"kubernetes.io/legacy-unknown",
				"kubernetes.io/kube-apiserver-client",
				"kubernetes.io/kube-apiserver-client-kubelet",
				"kubernetes.io/kubelet-serving",
			),
			newRule("create").groups(authorizationGroup).resources("subjectaccessreviews"),
			eventsRule(),
		}},
		{"pvc-protection-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update").groups(legacyGroup).resources("persistentvolumeclaims"),
			newRule("update").groups(legacyGroup).resources("persistentvolumeclaims/status"),
			newRule("list", "watch", "get").groups(legacyGroup).resources("pods"),
			eventsRule(),
		}},
		{"pv-protection-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "update").groups(legacyGroup).resources("persistentvolumes"),
			eventsRule(),
		}},
		{"volumeattributesclass-protection-controller", []*ruleBuilder{
			newRule("list", "watch", "get").groups(legacyGroup).resources("persistentvolumeclaims"),
			newRule("list", "watch", "get").groups(legacyGroup).resources("persistentvolumes"),
			newRule("get", "list", "watch", "update").groups(storageGroup).resources("volumeattributesclasses"),
			eventsRule(),
		}},
		{"ttl-after-finished-controller", []*ruleBuilder{
			newRule("get", "list", "watch", "delete").groups(batchGroup).resources("jobs"),
			eventsRule(),
		}},
		{"root-ca-cert-publisher", []*ruleBuilder{
			newRule("create", "update").groups(legacyGroup).resources("configmaps"),
			eventsRule(),
		}},
		{"validatingadmissionpolicy-status-controller", []*ruleBuilder{
			newRule(read...).groups(admissionRegistrationGroup).resources("validatingadmissionpolicies"),
			newRule("get", "patch", "update").groups(admissionRegistrationGroup).resources("validatingadmissionpolicies/status"),
			eventsRule(),
		}},
		// It reads the legacy token tracking date kube-apiserver records before cleaning up unused
		// legacy token secrets.
		{"legacy-service-account-token-cleaner", []*ruleBuilder{
			newRule("get").groups(legacyGroup).resources("configmaps").names(legacyTokenTrackingCM),
			newRule("patch", "delete").groups(legacyGroup).resources("secrets"),
		}},
		{"selinux-warning-controller", []*ruleBuilder{
			eventsRule(),
			newRule(read...).groups(legacyGroup).resources("persistentvolumes"),
			newRule(read...).groups(legacyGroup).resources("persistentvolumeclaims"),
			newRule(read...).groups(legacyGroup).resources("pods"),
			newRule(read...).groups(storageGroup).resources("csidrivers"),
		}},
	}
}

// ControllerRoles returns the cluster roles of kube-controller-manager's controllers, each named
// system:controller:<controller>.
func ControllerRoles() []rbacv1.ClusterRole {
	defs := controllerRoles()
	out := make([]rbacv1.ClusterRole, len(defs))
	for i, d := range defs {
		out[i] = clusterRole(controllerRolePrefix+d.name, nil, d.rules...)
	}
	return out
}

// ControllerRoleBindings binds each controller role to the controller's service account in
// kube-system, named like the role.
func ControllerRoleBindings() []rbacv1.ClusterRoleBinding {
	defs := controllerRoles()
	out := make([]rbacv1.ClusterRoleBinding, len(defs))
	for i, d := range defs {
		out[i] = clusterBinding(controllerRolePrefix+d.name, subjects{}.serviceAccount(kubeSystem, d.name))
	}
	return out
}
