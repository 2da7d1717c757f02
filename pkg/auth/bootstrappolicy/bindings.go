package bootstrappolicy

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authentication/serviceaccount"
	"k8s.io/apiserver/pkg/authentication/user"
)

func clusterBinding(role string, s subjects) rbacv1.ClusterRoleBinding {
	return rbacv1.ClusterRoleBinding{
		ObjectMeta: defaultMeta(role, ""),
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role},
		Subjects:   s,
	}
}

// ClusterRoleBindings returns the default cluster role bindings, each named after its role.
func ClusterRoleBindings() []rbacv1.ClusterRoleBinding {
	return []rbacv1.ClusterRoleBinding{
		clusterBinding("cluster-admin", groups(user.SystemPrivilegedGroup)),
		clusterBinding("system:monitoring", groups(user.MonitoringGroup)),
		clusterBinding("system:discovery", groups(user.AllAuthenticated)),
		clusterBinding("system:basic-user", groups(user.AllAuthenticated)),
		clusterBinding("system:public-info-viewer", groups(user.AllAuthenticated, user.AllUnauthenticated)),
		clusterBinding("system:node-proxier", users(user.KubeProxy)),
		clusterBinding("system:kube-controller-manager", users(user.KubeControllerManager)),
		clusterBinding("system:kube-dns", subjects{}.serviceAccount("kube-system", "kube-dns")),
		clusterBinding("system:kube-scheduler", users(user.KubeScheduler)),
		clusterBinding("system:volume-scheduler", users(user.KubeScheduler)),
		// Nodes are authorized by the Node authorizer now; the binding stays, empty, so that reconciling
		// an old cluster removes the system:nodes group from it.
		clusterBinding("system:node", nil),
		clusterBinding("system:service-account-issuer-discovery", groups(serviceaccount.AllServiceAccountsGroup)),
	}
}
