// Package storage wires the apps/v1 daemonsets resource and its status subresource to etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/registry/apps/daemonset"
	"github.com/kapi-dev/kapi/pkg/registry/workload"
)

// NewStorage returns the storage of daemonsets (short name ds) and daemonsets/status, under
// /registry/daemonsets. A daemon set runs one pod per node, so it has no scale subresource.
func NewStorage(optsGetter generic.RESTOptionsGetter) (workload.Storage[*appsv1.DaemonSet], error) {
	return workload.NewStorage(optsGetter, workload.Resource[*appsv1.DaemonSet]{
		Resource:       appsv1.Resource("daemonsets"),
		Singular:       appsv1.Resource("daemonset"),
		NewFunc:        func() runtime.Object { return &appsv1.DaemonSet{} },
		NewListFunc:    func() runtime.Object { return &appsv1.DaemonSetList{} },
		Strategy:       daemonset.Strategy,
		StatusStrategy: daemonset.StatusStrategy,
		TableConvertor: daemonset.NewTableConvertor(),
		ShortNames:     []string{"ds"},
	})
}
