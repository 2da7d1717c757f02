package bootstrappolicy

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authentication/user"
)

const (
	kubeSystem = "kube-system"
	kubePublic = "kube-public"
)

func role(namespace, name string, r ...*ruleBuilder) rbacv1.Role {
	return rbacv1.Role{ObjectMeta: defaultMeta(name, namespace), Rules: rules(r...)}
}

func roleBinding(namespace, name, roleName string, s subjects) rbacv1.RoleBinding {
	return rbacv1.RoleBinding{
		ObjectMeta: defaultMeta(name, namespace),
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: roleName},
		Subjects:   s,
	}
}

func leaderLocking(name string) rbacv1.Role {
	return role(kubeSystem, name,
		newRule("get", "list", "watch", "create", "update").groups(coordinationGroup).resources("leases"),
		newRule("get", "list", "watch", "create", "update").groups(coordinationGroup).resources("leasecandidates"),
	)
}

// NamespaceRoles returns the default roles of kube-system and kube-public.
func NamespaceRoles() []rbacv1.Role {
	return []rbacv1.Role{
		role(kubeSystem, "extension-apiserver-authentication-reader",
			newRule(read...).groups(legacyGroup).resources("configmaps").names("extension-apiserver-authentication")),
		leaderLocking("system::leader-locking-kube-controller-manager"),
		leaderLocking("system::leader-locking-kube-scheduler"),
		role(kubeSystem, "system:controller:bootstrap-signer",
			newRule(read...).groups(legacyGroup).resources("secrets")),
		role(kubeSystem, "system:controller:cloud-provider",
			newRule("create", "get", "list", "watch").groups(legacyGroup).resources("configmaps")),
		role(kubeSystem, "system:controller:token-cleaner",
			newRule("delete", "get", "list", "watch").groups(legacyGroup).resources("secrets"),
			eventsRule()),
		role(kubePublic, "system:controller:bootstrap-signer",
			newRule(read...).groups(legacyGroup).resources("configmaps"),
			newRule("update").groups(legacyGroup).resources("configmaps").names("cluster-info"),
			eventsRule()),
	}
}

// NamespaceRoleBindings returns the default role bindings of kube-system and kube-public.
func NamespaceRoleBindings() []rbacv1.RoleBinding {
	return []rbacv1.RoleBinding{
		roleBinding(kubeSystem, "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader",
			users(user.KubeControllerManager, user.KubeScheduler)),
		roleBinding(kubeSystem, "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager",
			users(user.KubeControllerManager).serviceAccount(kubeSystem, "kube-controller-manager").serviceAccount(kubeSystem, "leader-election-controller")),
		roleBinding(kubeSystem, "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler",
			users(user.KubeScheduler).serviceAccount(kubeSystem, "kube-scheduler")),
		roleBinding(kubeSystem, "system:controller:bootstrap-signer", "system:controller:bootstrap-signer",
			subjects{}.serviceAccount(kubeSystem, "bootstrap-signer")),
		roleBinding(kubeSystem, "system:controller:cloud-provider", "system:controller:cloud-provider",
			subjects{}.serviceAccount(kubeSystem, "cloud-provider")),
		roleBinding(kubeSystem, "system:controller:token-cleaner", "system:controller:token-cleaner",
			subjects{}.serviceAccount(kubeSystem, "token-cleaner")),
		roleBinding(kubePublic, "system:controller:bootstrap-signer", "system:controller:bootstrap-signer",
			subjects{}.serviceAccount(kubeSystem, "bootstrap-signer")),
	}
}
