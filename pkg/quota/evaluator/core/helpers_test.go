package core

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
)

// listOf lists the given objects in any namespace.
func listOf[T runtime.Object](items ...T) generic.ListFuncByNamespace {
	return func(string) ([]runtime.Object, error) {
		objs := make([]runtime.Object, 0, len(items))
		for _, item := range items {
			objs = append(objs, item)
		}
		return objs, nil
	}
}

func quotaOptions(scopes []corev1.ResourceQuotaScope, names ...corev1.ResourceName) quota.UsageStatsOptions {
	return quota.UsageStatsOptions{Namespace: "ns", Scopes: scopes, Resources: names}
}
