// Package storage wires the apps/v1 replicasets resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/apps/replicaset"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
	"github.com/kapi-dev/kapi/pkg/registry/workload"
)

// ReplicaSetStorage holds the storage of replicasets and of their subresources.
type ReplicaSetStorage struct {
	ReplicaSet *REST
	Status     *statusrest.REST
	Scale      *scalerest.REST[*appsv1.ReplicaSet]
}

// REST serves replicasets.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of replicasets, replicasets/status and replicasets/scale, under
// /registry/replicasets.
func NewStorage(optsGetter generic.RESTOptionsGetter) (ReplicaSetStorage, error) {
	s, err := workload.NewStorage(optsGetter, workload.Resource[*appsv1.ReplicaSet]{
		Resource:       appsv1.Resource("replicasets"),
		Singular:       appsv1.Resource("replicaset"),
		NewFunc:        func() runtime.Object { return &appsv1.ReplicaSet{} },
		NewListFunc:    func() runtime.Object { return &appsv1.ReplicaSetList{} },
		Strategy:       replicaset.Strategy,
		StatusStrategy: replicaset.StatusStrategy,
		TableConvertor: replicaset.NewTableConvertor(),
		Scalable: scalerest.Scalable[*appsv1.ReplicaSet]{
			Resource:     appsv1.Resource("replicasets/scale"),
			GroupVersion: appsv1.SchemeGroupVersion,
			ToScale: func(rs *appsv1.ReplicaSet) (*autoscalingv1.Scale, error) {
				return scalerest.SelectorScale(rs, rs.Spec.Replicas, rs.Status.Replicas, rs.Spec.Selector)
			},
			SetReplicas: func(rs *appsv1.ReplicaSet, replicas int32) { rs.Spec.Replicas = &replicas },
		},
	})
	if err != nil {
		return ReplicaSetStorage{}, err
	}
	return ReplicaSetStorage{ReplicaSet: &REST{s.Store}, Status: s.Status, Scale: s.Scale}, nil
}

// ShortNames returns the short names kubectl accepts for replicasets.
func (r *REST) ShortNames() []string { return []string{"rs"} }

// Categories puts replicasets in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }
