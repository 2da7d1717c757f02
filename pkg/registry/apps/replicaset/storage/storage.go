// Package storage wires the apps/v1 replicasets resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/registry/apps/replicaset"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/workload"
)

// NewStorage returns the storage of replicasets (short name rs), replicasets/status and
// replicasets/scale, under /registry/replicasets.
func NewStorage(optsGetter generic.RESTOptionsGetter) (workload.Storage[*appsv1.ReplicaSet], error) {
	return workload.NewStorage(optsGetter, workload.Resource[*appsv1.ReplicaSet]{
		Resource:       appsv1.Resource("replicasets"),
		Singular:       appsv1.Resource("replicaset"),
		NewFunc:        func() runtime.Object { return &appsv1.ReplicaSet{} },
		NewListFunc:    func() runtime.Object { return &appsv1.ReplicaSetList{} },
		Strategy:       replicaset.Strategy,
		StatusStrategy: replicaset.StatusStrategy,
		TableConvertor: replicaset.NewTableConvertor(),
		ShortNames:     []string{"rs"},
		Scalable: scalerest.Scalable[*appsv1.ReplicaSet]{
			Resource:     appsv1.Resource("replicasets/scale"),
			GroupVersion: appsv1.SchemeGroupVersion,
			ToScale: func(rs *appsv1.ReplicaSet) (*autoscalingv1.Scale, error) {
				return scalerest.SelectorScale(rs, rs.Spec.Replicas, rs.Status.Replicas, rs.Spec.Selector)
			},
			SetReplicas: func(rs *appsv1.ReplicaSet, replicas int32) { rs.Spec.Replicas = &replicas },
		},
	})
}
