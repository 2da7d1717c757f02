// Package storage wires the apps/v1 replicasets resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/registry/apps/replicaset"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
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
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &appsv1.ReplicaSet{} },
		NewListFunc:               func() runtime.Object { return &appsv1.ReplicaSetList{} },
		DefaultQualifiedResource:  appsv1.Resource("replicasets"),
		SingularQualifiedResource: appsv1.Resource("replicaset"),

		CreateStrategy:      replicaset.Strategy,
		UpdateStrategy:      replicaset.Strategy,
		DeleteStrategy:      replicaset.Strategy,
		ResetFieldsStrategy: replicaset.Strategy,

		TableConvertor: replicaset.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return ReplicaSetStorage{}, err
	}
	return ReplicaSetStorage{
		ReplicaSet: &REST{store},
		Status:     statusrest.NewFor(store, replicaset.StatusStrategy),
		Scale:      scalerest.New(store, scalable),
	}, nil
}

// ShortNames returns the short names kubectl accepts for replicasets.
func (r *REST) ShortNames() []string { return []string{"rs"} }

// Categories puts replicasets in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// scalable is how a replica set is seen as a Scale.
var scalable = scalerest.Scalable[*appsv1.ReplicaSet]{
	Resource:     appsv1.Resource("replicasets/scale"),
	GroupVersion: appsv1.SchemeGroupVersion,
	ToScale: func(rs *appsv1.ReplicaSet) (*autoscalingv1.Scale, error) {
		selector, err := metav1.LabelSelectorAsSelector(rs.Spec.Selector)
		if err != nil {
			return nil, err
		}
		return scalerest.Scale(rs, ptr.Deref(rs.Spec.Replicas, 0), rs.Status.Replicas, selector.String()), nil
	},
	SetReplicas: func(rs *appsv1.ReplicaSet, replicas int32) { rs.Spec.Replicas = &replicas },
}
